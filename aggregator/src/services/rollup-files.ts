// Rollup workbooks written once per data version, not once per download (issue 19 item 3): the
// file for (year, scope, settings) is kept on this instance's disk under DATA_DIR/rollup-files,
// named by the data version it was computed at; a download while that version is current is sent
// from the file. A write raises the version, so the next download writes a new file and drops
// the old one. The files are derived: backups (the database only) never hold them.
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canSeeDistrict, outOfScope } from '../auth/scope';
import type { RollupScope } from '../rollup';
import type { Store, User } from '../store';
import { buildRollup, rollupScope } from './rollups';
import { scopeKey } from './rollup-cache';

export interface CachedFile {
  /** Absolute path of the file to send. */
  file: string;
  /** The name the user's browser saves it under. */
  fileName: string;
}

export type WriteWorkbook = (rollup: Awaited<ReturnType<typeof buildRollup>>, scope: RollupScope, out: NodeJS.WritableStream) => Promise<void>;
export type NameWorkbook = (rollup: Awaited<ReturnType<typeof buildRollup>>, scope: RollupScope) => string;

export const rollupFilesDir = (dataDir: string): string => path.join(dataDir, 'rollup-files');

/** Writes of one file under way in this process: ten downloads after a change write it once. */
const writing = new Map<string, Promise<CachedFile>>();

/**
 * The rollup workbook of the scope the user asked for, from the file of the current data version
 * or written now. Scope is checked on the fresh rollup when writing and, for a cached file, from
 * the same rule before anything is read.
 */
export async function cachedRollupWorkbook(
  store: Store,
  dataDir: string,
  user: User,
  request: { year: number; level: 'city' | 'district'; code?: string; yoyThreshold: number },
  write: WriteWorkbook,
  name: NameWorkbook,
): Promise<CachedFile> {
  const { year, level, code, yoyThreshold } = request;
  // Before anything is read, as the JSON cache does; an unknown district is answered when writing.
  if (!canSeeDistrict(user, level === 'city' ? null : code!)) throw outOfScope(level === 'city' ? '全市汇总表' : `区“${code}”的汇总表`);
  const scope: RollupScope = level === 'city' ? { level: 'city' } : { level: 'district', code: code! };
  const dir = rollupFilesDir(dataDir);
  // Settings change the figures (同比 swings): they are part of the name, as in the JSON cache.
  const stem = `${year}-${scopeKey(scope).replace(/[^0-9A-Za-z_-]/g, '_')}-t${yoyThreshold}`;
  const version = await store.rollupCache.version();
  const file = path.join(dir, `${stem}-v${version}.xlsx`);
  const cached = await existing(file);
  if (cached) return cached;
  let job = writing.get(file);
  if (!job) {
    job = writeOnce(store, dir, stem, file, user, scope, year, yoyThreshold, write, name).finally(() => writing.delete(file));
    writing.set(file, job);
  }
  return job;
}

async function existing(file: string): Promise<CachedFile | undefined> {
  try {
    const [fileName] = await Promise.all([readFile(`${file}.name`, 'utf8'), stat(file)]);
    return { file, fileName };
  } catch {
    return undefined;
  }
}

async function writeOnce(
  store: Store,
  dir: string,
  stem: string,
  file: string,
  user: User,
  scope: RollupScope,
  year: number,
  yoyThreshold: number,
  write: WriteWorkbook,
  name: NameWorkbook,
): Promise<CachedFile> {
  const rollup = await buildRollup(store, year, yoyThreshold);
  const checked = rollupScope(rollup, user, scope.level, scope.level === 'district' ? scope.code : undefined);
  await mkdir(dir, { recursive: true });
  // Written under a temporary name and renamed: a file under the final name is always whole.
  const partial = `${file}.${process.pid}.partial`;
  try {
    // The writer ends the stream and resolves once every byte is in the file.
    await write(rollup, checked, createWriteStream(partial));
  } catch (e) {
    await rm(partial, { force: true });
    throw e;
  }
  const fileName = name(rollup, checked);
  await writeFile(`${file}.name`, fileName, 'utf8');
  await rename(partial, file);
  await dropOlder(dir, stem, path.basename(file));
  return { file, fileName };
}

/** Files of the same year and scope from earlier versions are never sent again. */
async function dropOlder(dir: string, stem: string, keep: string): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (entry.startsWith(`${stem}-v`) && !entry.startsWith(keep) && !entry.includes('.partial')) await rm(path.join(dir, entry), { force: true });
  }
}
