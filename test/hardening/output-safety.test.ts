// Output safety over real HTTP: text a unit typed (or a registry name) that starts like a formula
// — = + - @, tab, CR — is accepted as text, comes out of every rollup workbook as a plain string
// (no <f> element anywhere), and is neutralised in CSV. Formula cells of uploads (the template's own
// derived rows) are never copied: rollups hold recomputed values only.
import { parse } from 'csv-parse/sync';
import { type RegistryUnit } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { openXlsx } from '../../templates/src/xlsx/zip-gate';
import { forEachDatabase } from '../support/databases';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';
import { uploadFiles, type Headers } from './http';

const YEAR = 2024;
const FORMULA_START = /^[=+\-@\t\r]/;
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/","点此查看")';
const TEXTS = {
  'narr.other': "=cmd|' /C calc'!A0",
  'meta.contact': '@SUM(1+1)*cmd|\' /C calc\'!A0',
  'meta.report_url': '+HYPERLINK("http://evil.example/")',
};
const REMARKS = { 'reg.ns_issued': '-2+3+cmd|\' /C calc\'!A0', 'reg.ns_filed': '\t=1+1', 'learn.exam_required': '\r=1+1' };

const base = sampleRegistry().find((u) => u.code === '120101001')!;
const hostileUnit: RegistryUnit = { ...base, code: '120101099', name: HOSTILE_NAME };

forEachDatabase((db) => {
  let server: TestServer;
  let headers: Headers;

  beforeAll(async () => {
    server = await startTestServer(db);
    headers = server.admin.headers;
    await server.store.importRegistry([...sampleRegistry(), hostileUnit]);
    const bytes = await filledWorkbookFor(hostileUnit, YEAR, TEXTS, undefined, REMARKS);
    const { body } = await uploadFiles(server.url, headers, [{ name: 'hostile.xlsx', bytes }]);
    if (!body.files) throw new Error(JSON.stringify(body));
    // Formula-like text is legitimate text: it must be accepted, then made harmless on the way out.
    expect([body.files[0].status, body.files[0].problems.filter((p: { severity: string }) => p.severity === 'error')]).toEqual(['accepted', []]);
  });
  afterAll(() => server?.close());

  it.each([
    ['city workbook', `/api/rollups/${YEAR}/city.xlsx`],
    ['district workbook', `/api/rollups/${YEAR}/districts/120101.xlsx`],
  ])('%s: no formula anywhere, and the hostile texts are there as plain strings', async (_what, url) => {
    const response = await fetch(server.url + url, { headers });
    expect(response.status).toBe(200);
    const parts = openXlsx(Buffer.from(await response.arrayBuffer()));
    const sheets = parts.names().filter((n) => /^xl\/worksheets\/[^/]+\.xml$/.test(n));
    expect(sheets.length).toBeGreaterThan(0);
    const all: string[] = [];
    for (const name of sheets) {
      const xml = parts.text(name)!;
      expect([name, /<(\w+:)?f[\s>/]/.test(xml)]).toEqual([name, false]);
      all.push(xml);
    }
    const strings = parts.text('xl/sharedStrings.xml') ?? '';
    const text = decodeXml(all.join('') + strings);
    expect(text).toContain(decodeXml(xmlish(HOSTILE_NAME)));
    expect(text).toContain(TEXTS['narr.other']);
  });

  it.each([
    ['district', `/api/rollups/${YEAR}/units.csv?level=district&code=120101`],
    ['city', `/api/rollups/${YEAR}/units.csv?level=city`],
  ])('%s CSV: no field starts like a formula; the hostile texts are escaped, not dropped', async (_what, url) => {
    const response = await fetch(server.url + url, { headers });
    expect(response.status).toBe(200);
    const rows: string[][] = parse((await response.text()).replace(/^\uFEFF/, ''), { relax_column_count: true });
    const risky = rows.flat().filter((field) => FORMULA_START.test(field));
    expect(risky).toEqual([]);
    const fields = new Set(rows.flat());
    expect(fields).toContain(`'${HOSTILE_NAME}`);
  });

  it('formulas of the upload (the template’s derived rows) reach neither the stored submission nor the rollup', async () => {
    // The template's derived rows hold =IFERROR(IF(…)) formulas; outputs carry recomputed numbers.
    const list = await fetchJson(`${server.url}/api/submissions?year=${YEAR}&unit=${hostileUnit.code}`, { headers });
    const detail = await fetchJson(`${server.url}/api/submissions/${list.body.submissions[0].id}`, { headers });
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).not.toContain('IFERROR(');
    const rollup = await fetchJson(`${server.url}/api/rollups/${YEAR}?level=district&code=120101&units=1`, { headers });
    expect(rollup.status).toBe(200);
    expect(JSON.stringify(rollup.body)).not.toContain('IFERROR(');
    expect(rollup.body.groups.length).toBeGreaterThan(0);
  });
});

/** The same entity escaping exceljs applies, so a search in raw XML finds the text. */
function xmlish(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function decodeXml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
