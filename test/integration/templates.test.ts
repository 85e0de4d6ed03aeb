// Issue 14 item 3: templates reach units from the page. A unit's prefilled template (the year's
// catalogue version), a district's as one streamed zip, the blank ones; scope from the account;
// what a unit downloads, filled in, is accepted. Real HTTP, both databases.
import yauzl from 'yauzl';
import { getCatalogue } from '../../templates/src/core/catalogue';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { readWorkbook } from '../../templates/src/xlsx/read-workbook';
import { forEachDatabase } from '../support/databases';
import { fillWorkbook } from '../support/fill-workbook';
import { sampleValues } from '../support/sample-values';
import { callerFor, fetchJson, type Caller, type TestServer, startTestServer } from '../support/server';
import { PREFILLED, seedOf } from '../support/workbooks';

const YEAR = 2024;
const REGISTRY = sampleRegistry();
const DISTRICT = '120104';
const IN_DISTRICT = REGISTRY.filter((u) => u.districtCode === DISTRICT);
const UNIT = IN_DISTRICT.find((u) => u.unitType === 'department')!;
const ELSEWHERE = REGISTRY.find((u) => u.districtCode === '120101' && u.unitType === 'department')!;

async function download(server: TestServer, url: string, who: Caller) {
  const response = await fetch(`${server.url}${url}`, { headers: who.headers });
  return { status: response.status, type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

async function zipEntries(bytes: Buffer): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  for await (const entry of zip.eachEntry()) {
    const chunks: Buffer[] = [];
    for await (const c of await zip.openReadStreamPromise(entry)) chunks.push(c as Buffer);
    out.set(entry.fileName, Buffer.concat(chunks));
  }
  return out;
}

forEachDatabase((db) => {
  let server: TestServer;
  let unit: Caller;
  let coordinator: Caller;
  let catalogueVersion: string;
  beforeAll(async () => {
    server = await startTestServer(db);
    unit = await callerFor(server, 'unit', { unitCode: UNIT.code }, 'cookie');
    coordinator = await callerFor(server, 'district_admin', { districtCode: DISTRICT });
    const years = (await fetchJson(`${server.url}/api/years`, server.authed())).body.years;
    catalogueVersion = years.find((y: { year: number }) => y.year === YEAR).catalogueVersion;
    // The seeded year's deadline is long past; units may upload until the far future here.
    const extended = await fetchJson(
      `${server.url}/api/years/${YEAR}/status`,
      server.authed({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ status: 'open', deadline: '2099-03-01' }) }),
    );
    expect(extended.status).toBe(200);
  });
  afterAll(() => server?.close());

  it("gives a unit its own prefilled template of the year's catalogue, and the filled copy is accepted", async () => {
    const got = await download(server, `/api/templates/${YEAR}/units/${UNIT.code}.xlsx`, unit);
    expect(got.status).toBe(200);
    expect(got.type).toContain('spreadsheetml');
    expect(decodeURIComponent(got.disposition)).toContain(`${YEAR}年度-${UNIT.code}-${UNIT.name}.xlsx`);
    const catalogue = getCatalogue(catalogueVersion)!;
    const read = readWorkbook(got.bytes, catalogue);
    expect(read.stamp).toMatchObject({ catalogue_version: catalogueVersion, report_year: String(YEAR), unit_code: UNIT.code, unit_name: UNIT.name, unit_type: 'department' });

    const values = sampleValues(catalogue, UNIT, YEAR, seedOf(UNIT.code, YEAR));
    for (const code of PREFILLED) delete values[code];
    const filled = await fillWorkbook(got.bytes, values);
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(filled)]), `${UNIT.name}.xlsx`);
    const checked = await fetchJson(`${server.url}/api/submissions?dryRun=1`, { method: 'POST', body: form, headers: unit.headers });
    expect(checked.body.files[0]).toMatchObject({ status: 'accepted', unit: UNIT.code, year: YEAR });
    expect(checked.body.files[0].problems.filter((p: { severity: string }) => p.severity === 'error')).toEqual([]);
  });

  it("refuses another unit's template to a unit, in Chinese, and names unknown years and units", async () => {
    const other = await fetchJson(`${server.url}/api/templates/${YEAR}/units/${ELSEWHERE.code}.xlsx`, { headers: unit.headers });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain(`单位“${ELSEWHERE.name}”的模板`);
    const noYear = await fetchJson(`${server.url}/api/templates/2031/units/${UNIT.code}.xlsx`, { headers: unit.headers });
    expect(noYear.status).toBe(404);
    expect(noYear.body.error.code).toBe('YEAR_UNKNOWN');
    const noUnit = await fetchJson(`${server.url}/api/templates/${YEAR}/units/999999999.xlsx`, server.authed());
    expect(noUnit.status).toBe(404);
    expect(noUnit.body.error.code).toBe('UNIT_UNKNOWN');
  });

  it("zips every unit of the coordinator's district, each prefilled for its unit; other districts are refused", async () => {
    const got = await download(server, `/api/templates/${YEAR}/districts/${DISTRICT}.zip`, coordinator);
    expect(got.status).toBe(200);
    expect(got.type).toContain('application/zip');
    expect(decodeURIComponent(got.disposition)).toContain(`${YEAR}年度-${DISTRICT}-${IN_DISTRICT[0].districtName}-填报模板.zip`);
    const entries = await zipEntries(got.bytes);
    expect([...entries.keys()].sort()).toEqual(IN_DISTRICT.map((u) => `${u.code}-${u.name}.xlsx`).sort());
    const catalogue = getCatalogue(catalogueVersion)!;
    for (const u of IN_DISTRICT) {
      const stamp = readWorkbook(entries.get(`${u.code}-${u.name}.xlsx`)!, catalogue).stamp;
      expect(stamp).toMatchObject({ unit_code: u.code, unit_type: u.unitType, report_year: String(YEAR), district_code: DISTRICT });
    }
    const other = await fetchJson(`${server.url}/api/templates/${YEAR}/districts/120101.zip`, { headers: coordinator.headers });
    expect(other.status).toBe(403);
    const unknown = await fetchJson(`${server.url}/api/templates/${YEAR}/districts/129999.zip`, server.authed());
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('DISTRICT_UNKNOWN');
  });

  it('zips every unit of the city for a city account, each prefilled for its unit; a district account is refused', async () => {
    const got = await download(server, `/api/templates/${YEAR}/city.zip`, server.admin);
    expect(got.status).toBe(200);
    expect(decodeURIComponent(got.disposition)).toContain(`${YEAR}年度-全市-填报模板.zip`);
    const entries = await zipEntries(got.bytes);
    expect([...entries.keys()].sort()).toEqual(REGISTRY.map((u) => `${u.code}-${u.name}.xlsx`).sort());
    const catalogue = getCatalogue(catalogueVersion)!;
    for (const u of REGISTRY) {
      const read = readWorkbook(entries.get(`${u.code}-${u.name}.xlsx`)!, catalogue);
      expect(read.stamp).toMatchObject({ unit_code: u.code, unit_name: u.name, unit_type: u.unitType, report_year: String(YEAR) });
      // 市级部门 have no district: their stamp has none.
      expect(read.stamp.district_code).toBe(u.districtCode ?? undefined);
    }
    expect((await fetchJson(`${server.url}/api/templates/${YEAR}/city.zip`, { headers: coordinator.headers })).status).toBe(403);
  });

  it('serves both blank templates to any account and names a wrong type', async () => {
    for (const [type, label] of [['department', '部门'], ['district_gov', '区人民政府']] as const) {
      const got = await download(server, `/api/templates/${YEAR}/blank/${type}.xlsx`, unit);
      expect(got.status).toBe(200);
      expect(decodeURIComponent(got.disposition)).toContain(`${YEAR}年度-${label}填报模板（空白）.xlsx`);
      const stamp = readWorkbook(got.bytes, getCatalogue(catalogueVersion)!).stamp;
      expect(stamp).toMatchObject({ unit_type: type, report_year: String(YEAR), catalogue_version: catalogueVersion });
      expect(stamp.unit_code ?? '').toBe('');
    }
    const wrong = await fetchJson(`${server.url}/api/templates/${YEAR}/blank/city.xlsx`, { headers: unit.headers });
    expect(wrong.status).toBe(404);
    expect(wrong.body.error.message).toContain('department');
  });
});
