// The registry and years API over real HTTP, against each database; plus the registry CLI.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { REGISTRY_COLUMNS } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { INTERNAL_MESSAGE } from '../../aggregator/src/http/errors';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';

const run = promisify(execFile);
const HEADER = REGISTRY_COLUMNS.map((c) => c.zh);

/** CSV text of a header row plus data rows (our test values hold no commas or quotes). */
const csv = (rows: string[][]) => [HEADER, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';

const GOOD_ROWS = [
  ['T001000', '测试区人民政府', '区人民政府', 'T001', '测试区'],
  ['T001001', '测试区司法局', '区级部门', 'T001', '测试区'],
  ['C900001', '测试市级部门', '市级部门', '', ''],
];

function upload(server: TestServer, bytes: Buffer | string, fileName: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)]), fileName);
  return fetchJson(`${server.url}/api/registry`, server.authed({ method: 'POST', body: form }));
}

const postYear = (server: TestServer, body: unknown) =>
  fetchJson(
    `${server.url}/api/years`,
    server.authed({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  describe('first start', () => {
    it('serves the sample registry grouped by district, 市级部门 apart', async () => {
      const { status, body } = await fetchJson(`${server.url}/api/registry`, server.authed());
      expect(status).toBe(200);
      const sample = sampleRegistry();
      expect(body.total).toBe(sample.length);
      expect(body.units).toHaveLength(sample.length);
      expect(body.districts).toHaveLength(16);
      for (const district of body.districts) {
        expect(district.units[0].typeLabel).toBe('区人民政府');
        expect(district.units.every((u: { districtCode: string }) => u.districtCode === district.code)).toBe(true);
      }
      expect(body.cityDepartments.length).toBe(sample.filter((u) => u.level === 'city').length);
      expect(body.cityDepartments.every((u: { districtCode: unknown }) => u.districtCode === null)).toBe(true);
    });

    it('has opened 2024 (catalogue 2024.1, due 2025-03-01) and 2023', async () => {
      const { body } = await fetchJson(`${server.url}/api/years`, server.authed());
      expect(body.years.map((y: { year: number }) => y.year)).toEqual([2024, 2023]);
      expect(body.years[0]).toMatchObject({ catalogueVersion: '2024.1', deadline: '2025-03-01', status: 'open' });
    });
  });

  describe('POST /api/registry', () => {
    it('imports a good CSV with a Chinese file name; 市级部门 has no district', async () => {
      const before = (await fetchJson(`${server.url}/api/registry`, server.authed())).body.total;
      const { status, body } = await upload(server, csv(GOOD_ROWS), '单位名录.csv');
      expect(status).toBe(200);
      expect(body).toMatchObject({ total: 3, inserted: 3, updated: 0, cityDepartments: 6 });
      const after = (await fetchJson(`${server.url}/api/registry`, server.authed())).body;
      expect(after.total).toBe(before + 3);
      const city = after.units.find((u: { code: string }) => u.code === 'C900001');
      expect(city).toMatchObject({ level: 'city', unitType: 'department', districtCode: null, districtName: null });
      const district = after.districts.find((d: { code: string }) => d.code === 'T001');
      expect(district.units.map((u: { code: string }) => u.code)).toEqual(['T001000', 'T001001']);
    });

    it('reports every bad row by number and stores nothing, not even the good rows', async () => {
      const before = (await fetchJson(`${server.url}/api/registry`, server.authed())).body.total;
      const rows = [
        ['X001', '好单位', '区级部门', 'T002', '另一区'],
        ['X002', '坏类型', '县级部门', 'T002', '另一区'],
        ['X003', '好单位二', '市级部门', '', ''],
        ['X004', '缺区代码', '区级部门', '', '另一区'],
      ];
      const { status, body } = await upload(server, csv(rows), '有错的名录.csv');
      expect(status).toBe(400);
      expect(body.error.code).toBe('REGISTRY_ROWS');
      expect(body.error.message).toContain('未导入任何单位');
      expect(body.error.where.file).toBe('有错的名录.csv');
      expect(body.error.rows.map((r: { row: number }) => r.row)).toEqual([3, 5]);
      expect(body.error.rows[0].message).toContain('县级部门');
      const after = (await fetchJson(`${server.url}/api/registry`, server.authed())).body;
      expect(after.total).toBe(before);
      expect(after.units.some((u: { code: string }) => u.code === 'X001' || u.code === 'X003')).toBe(false);
    });

    it('imports an xlsx filled from the downloaded blank template', async () => {
      const response = await fetch(`${server.url}/api/registry/template.xlsx`, server.authed());
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      const disposition = response.headers.get('content-disposition') ?? '';
      expect(disposition).toContain('filename="registry-template.xlsx"');
      expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe('单位名录模板.xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(HEADER);
      const rows = [
        ['X101000', '模板区人民政府', '区人民政府', 'X101', '模板区'],
        ['X101001', '模板区司法局', '区级部门', 'X101', '模板区'],
        ['X190001', '模板市级部门', '市级部门', '', ''],
      ];
      rows.forEach((values, i) => values.forEach((v, j) => (sheet.getCell(i + 2, j + 1).value = v || null)));
      const filled = Buffer.from(await workbook.xlsx.writeBuffer());
      const { status, body } = await upload(server, filled, '名录.xlsx');
      expect(status).toBe(200);
      expect(body).toMatchObject({ total: 3, inserted: 3 });
      const units = (await fetchJson(`${server.url}/api/registry`, server.authed())).body.units as { code: string; districtCode: string | null }[];
      expect(units.find((u) => u.code === 'X101001')?.districtCode).toBe('X101');
      expect(units.find((u) => u.code === 'X190001')?.districtCode).toBeNull();
    });

    it('answers missing files, wrong fields and wrong formats in Chinese', async () => {
      const empty = await fetchJson(`${server.url}/api/registry`, server.authed({ method: 'POST', body: new FormData() }));
      expect(empty.status).toBe(400);
      expect(empty.body.error.code).toBe('FILE_MISSING');
      const wrongField = await upload(server, csv(GOOD_ROWS), 'a.csv', 'upload');
      expect(wrongField.status).toBe(400);
      expect(wrongField.body.error.code).toBe('UNEXPECTED_FIELD');
      expect(wrongField.body.error.message).toContain('file');
      const xls = await upload(server, Buffer.from('not really'), '旧名录.xls');
      expect(xls.status).toBe(400);
      expect(xls.body.error.message).toContain('另存为');
      const headerOnly = await upload(server, csv([]), 'empty.csv');
      expect(headerOnly.body.error.code).toBe('REGISTRY_EMPTY');
    });
  });

  describe('years', () => {
    it('opens a year once', async () => {
      const created = await postYear(server, { year: 2025, catalogueVersion: '2024.1', deadline: '2026-03-01' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ year: 2025, status: 'open' });
      const again = await postYear(server, { year: 2025, catalogueVersion: '2024.1', deadline: '2026-03-01' });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('YEAR_EXISTS');
      expect((await fetchJson(`${server.url}/api/years`, server.authed())).body.years[0].year).toBe(2025);
    });

    it('names each bad field in Chinese', async () => {
      const { status, body } = await postYear(server, { year: 'abc', catalogueVersion: '9.9', deadline: '2026-02-30' });
      expect(status).toBe(400);
      expect(body.error.code).toBe('INVALID_REQUEST');
      expect(body.error.fields.map((f: { field: string }) => f.field).sort()).toEqual(['catalogueVersion', 'deadline', 'year']);
      expect(body.error.message).toMatch(/字段“year”：应为四位数年份/);
      expect(body.error.message).toContain('2024.1');
      const early = await postYear(server, { year: 2026, catalogueVersion: '2024.1', deadline: '2026-06-30' });
      expect(early.body.error.fields).toEqual([{ field: 'deadline', message: expect.stringContaining('晚于该年度结束') }]);
      const broken = await postYear(server, '{"year": 20');
      expect(broken.status).toBe(400);
      expect(broken.body.error.code).toBe('INVALID_JSON');
    });
  });

  describe('errors', () => {
    it('answers unknown /api routes with a Chinese 404', async () => {
      const { status, body } = await fetchJson(`${server.url}/api/nothing-here?x=1`, server.authed());
      expect(status).toBe(404);
      expect(body.error).toMatchObject({ code: 'NOT_FOUND' });
      expect(body.error.message).toContain('/api/nothing-here');
    });

    it('refuses uploads over the size limit with 413', async () => {
      const small = await startTestServer(db, { uploadMaxBytes: 2048 });
      try {
        const { status, body } = await upload(small, csv(GOOD_ROWS) + 'x'.repeat(4096), 'big.csv');
        expect(status).toBe(413);
        expect(body.error.code).toBe('FILE_TOO_LARGE');
      } finally {
        await small.close();
      }
    });

    it('turns an unexpected fault into a 500 with the Chinese text and keeps serving', async () => {
      const broken = await startTestServer(db);
      try {
        // The database going away under a running server is a real unexpected fault.
        await broken.store.close();
        const { status, body } = await fetchJson(`${broken.url}/api/registry`, broken.authed());
        expect(status).toBe(500);
        expect(body).toEqual({ error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } });
        expect((await fetchJson(`${broken.url}/api/openapi.json`)).status).toBe(200);
      } finally {
        await broken.close().catch(() => undefined);
      }
    });
  });

  describe('CLI', () => {
    const cli = (args: string[]) =>
      run(process.execPath, [require.resolve('tsx/cli'), 'aggregator/src/cli/registry.ts', ...args], {
        cwd: path.resolve(__dirname, '../..'),
        env: { ...process.env, DATA_DIR: server.target.dataDir, DATABASE_URL: server.target.databaseUrl ?? '' },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
      );

    it('imports into the server’s store and lists it; bad rows one per line, exit 1', async () => {
      const good = path.join(server.target.dataDir, '命令行名录.csv');
      writeFileSync(good, csv([['K001001', '命令行区级部门', '区级部门', 'K001', '命令行区']]));
      const imported = await cli(['import', good]);
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain('已导入单位名录“命令行名录.csv”：共 1 个单位（新增 1 个');
      expect((await fetchJson(`${server.url}/api/registry`, server.authed())).body.units.some((u: { code: string }) => u.code === 'K001001')).toBe(true);

      const bad = path.join(server.target.dataDir, 'bad.csv');
      writeFileSync(bad, csv([['K002', '', '区级部门', 'K001', '命令行区'], ['K003', '市属', '市级部门', 'K001', '']]));
      const failed = await cli(['import', bad]);
      expect(failed.code).toBe(1);
      const lines = failed.stderr.split('\n').filter((l) => l.startsWith('第'));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^第2行/);
      expect(lines[1]).toMatch(/^第3行/);

      const listed = await cli(['list']);
      expect(listed.code).toBe(0);
      expect(listed.stdout).toContain('命令行区（K001）：1 个单位');
      expect(listed.stdout).not.toContain('K003');
    });
  });
});
