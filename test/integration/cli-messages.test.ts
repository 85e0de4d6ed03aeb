// Issue 14 item 11, the CLI as a user meets it: `npm run ingest` names the .xls files it skipped and
// how to save them as .xlsx, says which address it could not reach, labels a dry run 试运行（未保存）
// and prints a plain Chinese table; `npm run rollup` says which store it read when it is wrong or empty.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const UNIT = sampleRegistry().find((u) => u.unitType === 'department' && u.districtCode === '120102')!;

function run(script: string, args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [path.resolve(__dirname, '../..', script), ...args], { env: { ...process.env, AGGREGATOR_URL: '', AGGREGATOR_TOKEN: '', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

forEachDatabase((db) => {
  let server: TestServer;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-cli-msg-'));
  beforeAll(async () => {
    server = await startTestServer(db);
    const extended = await fetchJson(
      `${server.url}/api/years/2024/status`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }),
    );
    expect(extended.status).toBe(200);
    mkdirSync(path.join(dir, '河东区', '旧文件'), { recursive: true });
    writeFileSync(path.join(dir, '河东区', `${UNIT.name}.xlsx`), await filledWorkbookFor(UNIT, 2024));
    writeFileSync(path.join(dir, '河东区', '区政府办.xls'), Buffer.from('d0cf11e0a1b11ae1', 'hex'));
    writeFileSync(path.join(dir, '河东区', '旧文件', '司法局.et'), Buffer.from('d0cf11e0a1b11ae1', 'hex'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const store = () => ({ DATA_DIR: server.target.dataDir, DATABASE_URL: server.target.databaseUrl ?? '' });

  it('a dry run names the skipped .xls files with how to save them, labels files 试运行（未保存）, stores nothing', async () => {
    const result = await run('aggregator/src/cli/ingest.ts', [path.join(dir, '河东区'), '--dry-run'], {
      AGGREGATOR_URL: server.url,
      AGGREGATOR_TOKEN: server.admin.token,
    });
    expect(result.out).toContain('已跳过 2 个旧版 Excel 文件（.xls / .et，本系统只接收 .xlsx）');
    expect(result.out).toContain('区政府办.xls');
    expect(result.out).toContain('司法局.et');
    expect(result.out).toContain('“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”');
    expect(result.out).toContain('试运行（未保存）');
    expect(result.out).not.toContain('已接收');
    expect(result.out).toContain('合计 1 个文件（试运行，未保存）：可接收 1，重复 0，已拒收 0。');
    // A table for people: no console.table index column, no quoted strings.
    expect(result.out).not.toContain('(index)');
    expect(result.out).not.toMatch(/'[^']*'/);
    const row = result.out.split('\n').find((l) => l.includes('试运行（未保存）'))!;
    expect(row).toContain(UNIT.name);
    expect(row.split('│').map((c) => c.trim())).toEqual(['', path.relative(process.cwd(), path.join(dir, '河东区', `${UNIT.name}.xlsx`)), '试运行（未保存）', UNIT.name, '2024', '', '0', expect.stringMatching(/^\d+$/), '']);
    expect(result.code).toBe(0);
    const stored = await fetchJson(`${server.url}/api/submissions?year=2024`, server.authed());
    expect(stored.body.submissions.filter((s: { unitCode: string }) => s.unitCode === UNIT.code)).toEqual([]);
  });

  it('names the address it could not reach and where that address came from', async () => {
    const port = await closedPort();
    const viaOption = await run('aggregator/src/cli/ingest.ts', [path.join(dir, '河东区'), '--server', `http://127.0.0.1:${port}`], { AGGREGATOR_TOKEN: 'fz_x' });
    expect(viaOption.code).toBe(1);
    expect(viaOption.out).toContain(`无法连接汇总端 http://127.0.0.1:${port}（ECONNREFUSED，地址来自 --server）`);
    expect(viaOption.out).toContain('环境变量 AGGREGATOR_URL');
    expect(viaOption.out).not.toContain('fetch failed');
    const viaEnv = await run('aggregator/src/cli/ingest.ts', [path.join(dir, '河东区')], { AGGREGATOR_URL: `http://127.0.0.1:${port}/`, AGGREGATOR_TOKEN: 'fz_x' });
    expect(viaEnv.out).toContain(`无法连接汇总端 http://127.0.0.1:${port}（ECONNREFUSED，地址来自环境变量 AGGREGATOR_URL）`);
  });

  it('npm run rollup says which store it read: a DATA_DIR without a database, an empty store, a year without uploads', async () => {
    const out = path.join(dir, '汇总.xlsx');
    if (db.kind === 'sqlite') {
      const nowhere = path.join(dir, '不存在的目录');
      const missing = await run('aggregator/src/cli/rollup.ts', ['--year', '2024', '--out', out], { DATA_DIR: nowhere, DATABASE_URL: '' });
      expect(missing.code).toBe(1);
      expect(missing.out).toContain(`没有找到汇总端的数据库：DATA_DIR=${nowhere}（${path.join(nowhere, 'aggregator.db')} 不存在）`);
      expect(existsSync(nowhere)).toBe(false);
    }
    const emptyTarget = await db.fresh();
    await db.openStore(emptyTarget);
    const empty = await run('aggregator/src/cli/rollup.ts', ['--year', '2024', '--out', out], { DATA_DIR: emptyTarget.dataDir, DATABASE_URL: emptyTarget.databaseUrl ?? '' });
    expect(empty.code).toBe(1);
    expect(empty.out).toContain('数据库中没有任何单位（名录为空），无法汇总（数据：');
    expect(empty.out).toContain(db.kind === 'sqlite' ? `SQLite ${path.join(emptyTarget.dataDir, 'aggregator.db')}` : 'PostgreSQL 127.0.0.1:5432/test');

    const noUploads = await run('aggregator/src/cli/rollup.ts', ['--year', '2023', '--out', out], store());
    expect(noUploads.code).toBe(0);
    expect(noUploads.out).toContain('已报 0 家');
    expect(noUploads.out).toContain(`（数据：${server.store.where}）`);
    expect(noUploads.out).toContain('注意：2023 年度还没有任何计入汇总的报送');
  });
});
