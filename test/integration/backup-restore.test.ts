// Issue 14 item 8, the restore drill: ingest → `npm run backup` (while the server runs) → `npm run
// restore` into a fresh store → `npm run verify-store` clean → every original byte-identical →
// rollups identical, on both databases, and SQLite → PostgreSQL across dialects.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { startServer, type RunningServer } from '../../aggregator/src/main';
import type { DatabaseTarget } from '../../aggregator/src/store';
import { forEachDatabase, POSTGRES_URL, type TestDatabase } from '../support/databases';
import { fetchJson, login, startTestServer, TEST_ADMIN, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const BOTH = (process.env.TEST_DATABASES ?? 'sqlite,postgres').includes('postgres');

function cli(script: string, args: string[], target: DatabaseTarget): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, DATA_DIR: target.dataDir, DATABASE_URL: target.databaseUrl ?? '' };
    const child = spawn(tsx, [path.resolve(__dirname, '../../aggregator/src/cli', script), ...args], { env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

const UNITS = sampleRegistry().filter((u) => u.districtCode === '120104');

interface Uploaded {
  id: string;
  bytes: Buffer;
}

/** Two years of uploads (同比 has a base), a second version for one unit, one review. */
async function ingest(server: TestServer): Promise<Uploaded[]> {
  const uploaded: Uploaded[] = [];
  for (const year of [2023, 2024]) {
    const extended = await fetchJson(
      `${server.url}/api/years/${year}/status`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }),
    );
    expect(extended.status).toBe(200);
  }
  const send = async (bytes: Buffer, name: string) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)]), name);
    const answer = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(answer.body.files[0]).toMatchObject({ status: 'accepted' });
    uploaded.push({ id: answer.body.files[0].submissionId, bytes });
  };
  for (const unit of UNITS) {
    await send(await filledWorkbookFor(unit, 2023), `${unit.name}2023.xlsx`);
    await send(await filledWorkbookFor(unit, 2024), `${unit.name}.xlsx`);
  }
  await send(await filledWorkbookFor(UNITS[1], 2024, { 'reg.ns_issued': 77 }), `${UNITS[1].name}更正.xlsx`);
  const review = await fetchJson(
    `${server.url}/api/submissions/${uploaded[1].id}/review`,
    server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'accept' }) }),
  );
  expect(review.status).toBe(200);
  return uploaded;
}

async function original(server: { url: string }, who: Caller, id: string): Promise<Buffer> {
  const response = await fetch(`${server.url}/api/submissions/${id}/original`, { headers: who.headers });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

const ROLLUPS = ['/api/rollups/2024?level=city', '/api/rollups/2024?level=district&code=120104', '/api/rollups/2023?level=city'];

/** Restores `file` into `target` and checks the drill's promises against the running original. */
async function drill(source: TestServer, uploaded: Uploaded[], file: string, target: DatabaseTarget, kind: string): Promise<void> {
  const restored = await cli('restore.ts', [file], target);
  expect(restored.out).toContain('已把备份');
  expect(restored.out).toContain(kind === 'sqlite' ? '恢复到 SQLite' : '恢复到 PostgreSQL');
  expect(restored.code).toBe(0);

  const verified = await cli('verify-store.ts', [], target);
  expect(verified.out).toContain(`报送记录 ${uploaded.length} 条，原件 ${uploaded.length} 个`);
  expect(verified.out).toContain('✓ 检查通过');
  expect(verified.code).toBe(0);

  let copy: RunningServer | undefined;
  try {
    copy = await startServer({ ...source.config, ...target, databaseUrl: target.databaseUrl }, { logger: pino({ level: 'silent' }) });
    // The restored accounts sign in with their passwords; the login's audit entry takes a fresh id.
    const admin = await login(copy, TEST_ADMIN.username, TEST_ADMIN.password);
    for (const u of uploaded) {
      const bytes = await original(copy, admin, u.id);
      expect(bytes.equals(u.bytes)).toBe(true);
    }
    for (const url of ROLLUPS) {
      const before = await fetchJson(`${source.url}${url}`, source.authed());
      const after = await fetchJson(`${copy.url}${url}`, { headers: admin.headers });
      expect(after.status).toBe(200);
      // When and at which data version each was computed differs by nature; the figures must not.
      const { dataVersion: _v1, computedAt: _t1, ...figuresBefore } = before.body;
      const { dataVersion: _v2, computedAt: _t2, ...figuresAfter } = after.body;
      expect(figuresAfter).toEqual(figuresBefore);
      expect(Object.keys(figuresAfter)).toEqual(expect.arrayContaining(['groups', 'findings', 'year']));
    }
    const auditBefore = (await fetchJson(`${source.url}/api/audit?action=upload.accepted`, source.authed())).body.entries;
    const auditAfter = (await fetchJson(`${copy.url}/api/audit?action=upload.accepted`, { headers: admin.headers })).body.entries;
    expect(auditAfter).toEqual(auditBefore);
    expect(auditAfter).toHaveLength(uploaded.length);
  } finally {
    await copy?.close();
  }

  // Into a store that is no longer empty: refused, nothing written.
  const again = await cli('restore.ts', [file], target);
  expect(again.code).toBe(1);
  expect(again.out).toContain('恢复失败，未写入任何数据：目标数据库不是空的');
}

forEachDatabase((db: TestDatabase) => {
  let server: TestServer;
  let uploaded: Uploaded[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-backup-test-'));
  const file = path.join(dir, '备份.zip');
  beforeAll(async () => {
    server = await startTestServer(db);
    uploaded = await ingest(server);
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the server runs, and the backup restores into a fresh store intact', async () => {
    const backup = await cli('backup.ts', ['--out', file], server.target);
    expect(backup.out).toMatch(new RegExp(`原件 ${uploaded.length} 个`));
    expect(backup.code).toBe(0);
    await drill(server, uploaded, file, await db.fresh(), db.kind);
  }, 120_000);

  (db.kind === 'sqlite' && BOTH ? it : it.skip)('restores a SQLite backup into PostgreSQL', async () => {
    const schema = `test_${randomBytes(6).toString('hex')}`;
    const admin = new Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`create schema "${schema}"`);
      const url = new URL(POSTGRES_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      await drill(server, uploaded, file, { dataDir: dir, databaseUrl: url.toString() }, 'postgres');
    } finally {
      await admin.query(`drop schema if exists "${schema}" cascade`);
      await admin.end();
    }
  }, 120_000);

  it('refuses a file that is not a backup, naming it', async () => {
    const notBackup = path.join(dir, 'x.zip');
    writeFileSync(notBackup, 'not a zip');
    const result = await cli('restore.ts', [notBackup], await db.fresh());
    expect(result.code).toBe(1);
    expect(result.out).toContain(`无法读取备份文件 ${notBackup}`);
  });
});
