// Issue 19 item 3: a rollup workbook is written once per data version. While the data are
// unchanged a download is the very file written before (byte for byte: a fresh write would carry a
// new creation time); an upload makes the next download a new file with the new figure, and the
// old file is dropped. Scope rules and the audit entry hold for a cached download too.
import { readdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { rollupFilesDir } from '../../aggregator/src/services/rollup-files';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const YEAR = 2024;
const DISTRICT = '120103';
const UNITS = sampleRegistry().filter((u) => u.districtCode === DISTRICT);

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
    const opened = await fetchJson(
      `${server.url}/api/years/${YEAR}/status`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }),
    );
    expect(opened.status).toBe(200);
  });
  afterAll(() => server?.close());

  const upload = async (unit: (typeof UNITS)[number], overrides: Record<string, number>) => {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, YEAR, overrides))]), `${unit.name}.xlsx`);
    const answer = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(answer.body.files[0]).toMatchObject({ status: 'accepted' });
  };
  const download = async (file: string, headers = server.admin.headers) => {
    const response = await fetch(`${server.url}/api/rollups/${YEAR}/${file}`, { headers });
    return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), bytes: Buffer.from(await response.arrayBuffer()) };
  };
  /** The numbers in the 汇总 sheet's row of the indicator. */
  const summaryRow = async (bytes: Buffer) => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const name = currentCatalogue().field('reg.ns_issued')!.name_zh;
    let numbers: unknown[] = [];
    wb.getWorksheet('汇总')!.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      if (values.includes(name)) numbers = values.filter((v) => typeof v === 'number');
    });
    return numbers;
  };

  it('sends the same file while the data are unchanged, a new one with the new figure after an upload', async () => {
    await upload(UNITS[0], { 'reg.ns_issued': 7001 });
    const first = await download(`districts/${DISTRICT}.xlsx`);
    expect(first.status).toBe(200);
    expect(first.type).toContain('spreadsheetml');
    expect(decodeURIComponent(first.disposition ?? '')).toContain('.xlsx');
    const again = await download(`districts/${DISTRICT}.xlsx`);
    expect(again.bytes.equals(first.bytes)).toBe(true);

    await upload(UNITS[1], { 'reg.ns_issued': 523 });
    const after = await download(`districts/${DISTRICT}.xlsx`);
    expect(after.bytes.equals(first.bytes)).toBe(false);
    // 7,001 from the first unit, then 7,001 + 523 with the second.
    expect(await summaryRow(first.bytes)).toContain(7001);
    expect(await summaryRow(first.bytes)).not.toContain(7524);
    expect(await summaryRow(after.bytes)).toContain(7524);
    const files = readdirSync(rollupFilesDir(server.config.dataDir)).filter((f) => f.endsWith('.xlsx'));
    expect(files.filter((f) => f.includes(`district_${DISTRICT}`))).toHaveLength(1);
  });

  it('keeps scope and the audit log for a cached download', async () => {
    await download('city.xlsx');
    const city = await download('city.xlsx');
    expect(city.status).toBe(200);
    const other = await callerFor(server, 'district_admin', { districtCode: '120104' });
    expect((await download(`districts/${DISTRICT}.xlsx`, other.headers)).status).toBe(403);
    expect((await download('city.xlsx', other.headers)).status).toBe(403);
    expect((await download('districts/129999.xlsx')).status).toBe(404);
    const log = await fetchJson(`${server.url}/api/audit`, server.authed());
    const downloads = log.body.entries.filter((e: { action: string; detail?: { file?: string } }) => e.action === 'rollup.download' && e.detail?.file === 'city.xlsx');
    // Both admin downloads, the cached one too; the refused ones are not downloads.
    expect(downloads).toHaveLength(2);
  });
});
