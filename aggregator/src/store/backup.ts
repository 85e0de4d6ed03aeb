// `npm run backup` / `npm run restore`: a consistent copy of the whole store in the portable format
// of backup-archive.ts, and its restore into an empty store of either database.
// Consistency: SQLite first takes an online backup (better-sqlite3's backup API, safe while the
// server writes) and dumps that copy; PostgreSQL dumps inside one REPEATABLE READ READ ONLY
// transaction, so every table is read at the same instant while the server keeps working.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { ArchiveReader, ArchiveWriter, BACKUP_FORMAT, BACKUP_FORMAT_VERSION, blobEntry, MANIFEST_ENTRY, tableEntry, type BackupManifest } from './backup-archive';
import { tableShapes, type TableShape } from './backup-schema';
import { connect, sqliteFile, type Connection, type DatabaseTarget } from './connect';
import { migrateToLatest } from './migrations';
import { writeTransaction } from './transaction';
import { sha256Of } from './blob-key';

// Table and column names come from the catalogue, so queries here are untyped.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The table whose `bytes` column holds the originals, written as separate zip entries. */
const BLOBS = 'blobs';
const ROWS_PER_PAGE = 1000;
const BLOBS_PER_PAGE = 50;

export interface BackupSummary {
  file: string;
  manifest: BackupManifest;
  fileBytes: number;
}

export async function backupStore(target: DatabaseTarget, file: string): Promise<BackupSummary> {
  const out = path.resolve(file);
  const writer = ArchiveWriter.create(out);
  let manifest: BackupManifest;
  try {
    manifest = target.databaseUrl ? await dumpPostgres(target, writer) : await dumpSqlite(target, writer);
    await writer.finish(manifest);
  } catch (error) {
    await writer.abandon();
    throw error;
  }
  return { file: out, manifest, fileBytes: (await stat(out)).size };
}

async function dumpSqlite(target: DatabaseTarget, writer: ArchiveWriter): Promise<BackupManifest> {
  const source = sqliteFile(target.dataDir);
  const copyDir = await mkdtemp(path.join(os.tmpdir(), 'fazhi-backup-'));
  try {
    let raw: SqliteDatabase.Database;
    try {
      raw = new SqliteDatabase(source, { fileMustExist: true, readonly: true });
    } catch {
      throw new Error(`找不到 SQLite 数据库 ${path.resolve(source)}：请检查 DATA_DIR 设置。`);
    }
    try {
      await raw.backup(sqliteFile(copyDir));
    } finally {
      raw.close();
    }
    const copy = connect({ dataDir: copyDir });
    try {
      return await dump(copy, writer, `SQLite ${path.resolve(source)}`);
    } finally {
      await copy.db.destroy();
    }
  } finally {
    await rm(copyDir, { recursive: true, force: true });
  }
}

async function dumpPostgres(target: DatabaseTarget, writer: ArchiveWriter): Promise<BackupManifest> {
  const conn = connect(target);
  try {
    return await conn.db.connection().execute(async (db) => {
      await sql`begin isolation level repeatable read read only`.execute(db);
      try {
        return await dump({ ...conn, db }, writer, conn.where);
      } finally {
        await sql`rollback`.execute(db).catch(() => undefined);
      }
    });
  } finally {
    await conn.db.destroy();
  }
}

async function appliedMigrations(db: Kysely<unknown>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((r) => r.name);
}

async function dump(conn: Connection, writer: ArchiveWriter, where: string): Promise<BackupManifest> {
  const db = conn.db as AnyDb;
  const migrations = await appliedMigrations(db);
  const tables: BackupManifest['tables'] = [];
  const blobs = { count: 0, bytes: 0 };
  for (const shape of await tableShapes(db, conn.dialect)) {
    const columns = shape.columns.filter((c) => !(shape.name === BLOBS && c.name === 'bytes')).map((c) => c.name);
    // Zip entries are written one after another: the blob entries cannot go out while the blobs
    // table's own entry is open, so its rows (a hash and a size each) wait in memory until after them.
    const held: string[] = [];
    const lines = shape.name === BLOBS ? { write: async (line: string) => void held.push(line), end: async () => undefined } : writer.lines(tableEntry(shape.name));
    let rows = 0;
    for await (const page of pagesOf(db, shape)) {
      for (const row of page) {
        if (shape.name === BLOBS) {
          const bytes = row.bytes as Buffer;
          await writer.bytes(blobEntry(String(row.sha256)), bytes);
          blobs.count += 1;
          blobs.bytes += bytes.length;
        }
        await lines.write(JSON.stringify(encodeRow(shape, columns, row)));
        rows += 1;
      }
    }
    await lines.end();
    if (shape.name === BLOBS) {
      const blobLines = writer.lines(tableEntry(shape.name));
      for (const line of held) await blobLines.write(line);
      await blobLines.end();
    }
    tables.push({ name: shape.name, columns, rows });
  }
  return {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    source: { dialect: conn.dialect, where },
    migrations,
    tables,
    blobs,
  };
}

/** Keyset pages in primary-key order; a table without a key (login_failures) by offset over all columns. */
async function* pagesOf(db: AnyDb, shape: TableShape): AsyncGenerator<Record<string, unknown>[]> {
  const size = shape.name === BLOBS ? BLOBS_PER_PAGE : ROWS_PER_PAGE;
  const all = sql.join(shape.columns.map((c) => sql.id(c.name)));
  const table = sql.table(shape.name);
  if (shape.key.length === 0) {
    const order = sql.join(shape.columns.filter((c) => c.kind !== 'bytes').map((c) => sql.id(c.name)));
    for (let offset = 0; ; offset += size) {
      const { rows } = await sql<Record<string, unknown>>`select ${all} from ${table} order by ${order} limit ${size} offset ${offset}`.execute(db);
      if (rows.length > 0) yield rows;
      if (rows.length < size) return;
    }
  }
  const key = sql.join(shape.key.map((k) => sql.id(k)));
  let after: unknown[] | undefined;
  for (;;) {
    const where = after ? sql`where (${key}) > (${sql.join(after)})` : sql``;
    const { rows } = await sql<Record<string, unknown>>`select ${all} from ${table} ${where} order by ${key} limit ${size}`.execute(db);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows[rows.length - 1];
    after = shape.key.map((k) => last[k]);
  }
}

function encodeRow(shape: TableShape, columns: string[], row: Record<string, unknown>): Record<string, unknown> {
  const kinds = new Map(shape.columns.map((c) => [c.name, c.kind]));
  const out: Record<string, unknown> = {};
  for (const name of columns) {
    const value = row[name];
    const kind = kinds.get(name);
    // PostgreSQL answers bigint (bigserial ids) as text; SQLite answers numbers. The backup says numbers.
    if (value !== null && kind === 'integer') out[name] = Number(value);
    else if (value !== null && kind === 'bytes') out[name] = { $base64: Buffer.from(value as Uint8Array).toString('base64') };
    else out[name] = value;
  }
  return out;
}

function decodeRow(shape: TableShape, row: Record<string, unknown>): Record<string, unknown> {
  const kinds = new Map(shape.columns.map((c) => [c.name, c.kind]));
  for (const [name, value] of Object.entries(row)) {
    if (value !== null && kinds.get(name) === 'bytes') row[name] = Buffer.from((value as { $base64: string }).$base64, 'base64');
  }
  return row;
}

export interface RestoreSummary {
  where: string;
  manifest: BackupManifest;
}

/** Restores FILE into the target, which must be empty; all in one transaction (nothing on failure). */
export async function restoreStore(target: DatabaseTarget, file: string): Promise<RestoreSummary> {
  let archive: ArchiveReader;
  try {
    archive = await ArchiveReader.open(file);
  } catch (error) {
    throw new Error(`无法读取备份文件 ${file}：${(error as Error).message}。请确认它是 npm run backup 生成的 .zip 文件。`);
  }
  try {
    const manifest = await readManifest(archive, file);
    const conn = connect(target);
    try {
      await migrateToLatest(conn.db as Kysely<unknown>, conn.dialect);
      await checkTarget(conn, manifest);
      const shapes = new Map((await tableShapes(conn.db as Kysely<unknown>, conn.dialect)).map((s) => [s.name, s]));
      await writeTransaction(conn, async (tx) => {
        for (const table of manifest.tables) await restoreTable(tx as AnyDb, shapes.get(table.name)!, table.rows, archive);
        if (conn.dialect === 'postgres') await advanceSequences(tx as AnyDb, [...shapes.values()]);
      });
      return { where: conn.where, manifest };
    } finally {
      await conn.db.destroy();
    }
  } finally {
    archive.close();
  }
}

async function readManifest(archive: ArchiveReader, file: string): Promise<BackupManifest> {
  if (!archive.has(MANIFEST_ENTRY)) throw new Error(`${file} 不是本系统的备份文件（缺少 ${MANIFEST_ENTRY}）。`);
  const manifest = JSON.parse((await archive.bytes(MANIFEST_ENTRY)).toString('utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${file} 不是本系统的备份文件（格式 ${String(manifest.format)}）。`);
  if (manifest.formatVersion > BACKUP_FORMAT_VERSION) {
    throw new Error(`备份文件格式版本为 ${manifest.formatVersion}，本程序只认识 ${BACKUP_FORMAT_VERSION} 及以下：请用生成该备份的程序版本恢复。`);
  }
  return manifest;
}

/** Same migrations as the backup, every table it names with its columns, and no row anywhere. */
async function checkTarget(conn: Connection, manifest: BackupManifest): Promise<void> {
  const db = conn.db as AnyDb;
  const applied = await appliedMigrations(db);
  if (applied.join() !== manifest.migrations.join()) {
    throw new Error(
      `备份的数据库结构（迁移 ${manifest.migrations.at(-1) ?? '无'}，共 ${manifest.migrations.length} 个）与本程序（迁移 ${applied.at(-1) ?? '无'}，共 ${applied.length} 个）不一致：` +
        '请用生成该备份时的程序版本恢复，再升级程序（启动时自动迁移）。',
    );
  }
  const shapes = new Map((await tableShapes(db, conn.dialect)).map((s) => [s.name, s]));
  for (const table of manifest.tables) {
    const shape = shapes.get(table.name);
    const missing = shape ? table.columns.filter((c) => !shape.columns.some((x) => x.name === c)) : [];
    if (!shape || missing.length > 0) throw new Error(`目标数据库缺少数据表 ${table.name}${missing.length ? ` 的列 ${missing.join('、')}` : ''}，无法恢复。`);
  }
  for (const shape of shapes.values()) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(shape.name)}`.execute(db);
    const n = Number(rows[0].n);
    if (n > 0) {
      throw new Error(`目标数据库不是空的（${conn.where}：数据表 ${shape.name} 已有 ${n} 行）。恢复只能写入空库：请指定新的 DATA_DIR 或新建一个 PostgreSQL 数据库后再试。`);
    }
  }
}

async function restoreTable(db: AnyDb, shape: TableShape, expected: number, archive: ArchiveReader): Promise<void> {
  const perBatch = shape.name === BLOBS ? 20 : Math.max(1, Math.min(500, Math.floor(20_000 / shape.columns.length)));
  let batch: Record<string, unknown>[] = [];
  let rows = 0;
  const flush = async () => {
    if (batch.length > 0) await db.insertInto(shape.name).values(batch).execute();
    batch = [];
  };
  for await (const line of archive.lines(tableEntry(shape.name))) {
    const row = decodeRow(shape, JSON.parse(line) as Record<string, unknown>);
    if (shape.name === BLOBS) {
      const sha = String(row.sha256);
      const bytes = await archive.bytes(blobEntry(sha));
      if (sha256Of(bytes) !== sha || bytes.length !== Number(row.size)) throw new Error(`备份文件中的原件 ${sha} 已损坏（内容与校验值不符），未恢复任何数据。`);
      row.bytes = bytes;
    }
    batch.push(row);
    rows += 1;
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  if (rows !== expected) throw new Error(`备份文件中数据表 ${shape.name} 应有 ${expected} 行，实际读到 ${rows} 行：文件不完整，未恢复任何数据。`);
}

/** Rows came with their ids; the sequences must continue after them, or the next insert collides. */
async function advanceSequences(db: AnyDb, shapes: TableShape[]): Promise<void> {
  for (const shape of shapes) {
    for (const column of shape.serial) {
      await sql`select setval(pg_get_serial_sequence(${shape.name}, ${column}), coalesce((select max(${sql.id(column)}) from ${sql.table(shape.name)}), 1),
        (select max(${sql.id(column)}) from ${sql.table(shape.name)}) is not null)`.execute(db);
    }
  }
}
