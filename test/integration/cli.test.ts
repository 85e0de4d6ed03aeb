// The newcomer's path from the README: a folder of filled workbooks uploaded with `npm run ingest`,
// then `npm run rollup` writing the city workbook from the same store.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');

function run(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  onOutput?: (soFar: string) => void,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [path.resolve(__dirname, '../..', script), ...args], { env: { ...process.env, ...env } });
    let out = '';
    const take = (d: Buffer) => {
      out += d;
      onOutput?.(out);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function zipOf(files: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of Object.entries(files)) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks))).on('error', reject);
  });
}

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  it('ingests a folder (with a zip inside) and writes the city rollup from the store', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-cli-'));
    const units = sampleRegistry().filter((u) => u.districtCode === '120104');
    mkdirSync(path.join(dir, '南开区'));
    for (const u of units.slice(0, 2)) writeFileSync(path.join(dir, '南开区', `${u.name}.xlsx`), await filledWorkbookFor(u, 2024));
    const zipped = Object.fromEntries(await Promise.all(units.slice(2).map(async (u) => [`${u.name}.xlsx`, await filledWorkbookFor(u, 2024)])));
    writeFileSync(path.join(dir, '南开区其余.zip'), await zipOf(zipped));
    writeFileSync(path.join(dir, '~$锁定文件.xlsx'), 'lock');

    const env = { AGGREGATOR_URL: server.url, AGGREGATOR_TOKEN: server.admin.token, DATA_DIR: server.target.dataDir, DATABASE_URL: server.target.databaseUrl ?? '' };
    const ingest = await run('aggregator/src/cli/ingest.ts', [dir], env);
    expect(ingest.out).toContain('合计 4 个文件：已接收 4，重复 0，已拒收 0。');
    expect(ingest.code).toBe(0);

    // A person at the terminal signs in with the account's password instead of a token.
    const again = await run('aggregator/src/cli/ingest.ts', [path.join(dir, '南开区'), '--user', TEST_ADMIN.username], {
      ...env,
      AGGREGATOR_TOKEN: '',
      AGGREGATOR_PASSWORD: TEST_ADMIN.password,
    });
    expect(again.out).toContain('重复 2');

    const out = path.join(dir, '全市汇总.xlsx');
    const rollup = await run('aggregator/src/cli/rollup.ts', ['--year', '2024', '--out', out], env);
    expect(rollup.code).toBe(0);
    expect(rollup.out).toContain('已生成 2024 年度');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const status = wb.getWorksheet('填报情况')!;
    let nankai: ExcelJS.Row | undefined;
    status.eachRow((row) => {
      if (row.values && (row.values as unknown[]).includes('南开区')) nankai = row;
    });
    expect(nankai).toBeDefined();
    expect((nankai!.values as unknown[]).filter((v) => v === 4).length).toBeGreaterThanOrEqual(2);

    const nowhere = path.join(dir, '无此区.xlsx');
    const unknown = await run('aggregator/src/cli/rollup.ts', ['--year', '2024', '--district', '129999', '--out', nowhere], env);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('没有代码为“129999”的区，请核对区代码');
    expect(existsSync(nowhere)).toBe(false);
  });

  it('says how to give a token when the server refuses the caller', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-cli-'));
    writeFileSync(path.join(dir, 'a.xlsx'), await filledWorkbookFor(sampleRegistry()[0], 2024));
    const none = await run('aggregator/src/cli/ingest.ts', [dir, '--server', server.url], { AGGREGATOR_TOKEN: '' });
    expect(none.code).toBe(1);
    expect(none.out).toContain('请先登录');
    expect(none.out).toContain('AGGREGATOR_TOKEN');
    const wrong = await run('aggregator/src/cli/ingest.ts', [dir, '--server', server.url, '--token', 'fz_not-a-real-token'], {});
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain('API 令牌无效或已被吊销');
  });

  it('says in Chinese when the server cannot be reached', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-cli-'));
    writeFileSync(path.join(dir, 'a.xlsx'), await filledWorkbookFor(sampleRegistry()[0], 2024));
    const r = await run('aggregator/src/cli/ingest.ts', [dir, '--server', 'http://127.0.0.1:9'], {});
    expect(r.code).toBe(1);
    expect(r.out).toContain('请确认汇总端已启动');
  });

  it('waits and sends a batch again when the server is busy with other uploads (503: nothing stored)', async () => {
    const tight = await startTestServer(db, { uploadInflightMaxBytes: 100_000, uploadQueueWaitMs: 200 });
    const slow = http.request(new URL(`${tight.url}/api/submissions`), {
      method: 'POST',
      headers: { ...(tight.admin.headers as Record<string, string>), 'content-type': 'multipart/form-data; boundary=x', 'content-length': 90_000 },
    });
    try {
      slow.on('error', () => undefined);
      await new Promise<void>((resolve) => slow.write('--x\r\n', () => setTimeout(resolve, 100)));
      const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-cli-'));
      writeFileSync(path.join(dir, 'a.xlsx'), await filledWorkbookFor(sampleRegistry()[0], 2024));
      // The other upload ends once the command has been refused and waits before its first new try
      // (not after a fixed time: on a loaded machine tsx may start later than that).
      const r = await run('aggregator/src/cli/ingest.ts', [dir, '--server', tight.url, '--token', tight.admin.token!], {}, (out) => {
        if (out.includes('秒后自动重新上传这一批')) slow.destroy();
      });
      expect(r.out).toContain('服务器正在处理其他上传');
      expect(r.out).toContain('秒后自动重新上传这一批');
      expect(r.out).toContain('合计 1 个文件：已接收 1，重复 0，已拒收 0。');
      expect(r.code).toBe(0);
    } finally {
      slow.destroy();
      await tight.close();
    }
  });
});
