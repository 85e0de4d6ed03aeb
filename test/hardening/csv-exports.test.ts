// Every CSV the aggregator writes (audit log, units.csv, the missing list), fetched over real HTTP on
// both databases after text that breaks naive CSV got in: an anonymous login whose user name holds a
// line break and a formula, a registry name of three formula lines, a narrative "无。\n=…" and the
// sample narratives ("1. …\n2. …"). Each export is parsed with csv-parse AND opened in LibreOffice
// Calc: both must see exactly the records written, and no cell (no line of a cell) may start a formula.
import { parse } from 'csv-parse/sync';
import { type RegistryUnit } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { openCsvInCalc, SOFFICE, type CalcCell } from '../support/libreoffice-csv';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';
import { uploadFiles } from './http';

const YEAR = 2024;
const HOSTILE_USER = "x\n=cmd|' /C calc'!A0";
const HOSTILE_NAME = '=HYPERLINK("http://evil.example/","点此查看")\n+1\n@SUM(A1)';
const HOSTILE_NARRATIVE = '无。\n=HYPERLINK("http://evil.example/","详见")';
/** A line (of a field) that Excel or Calc would start evaluating. */
const FORMULA_LINE = /(^|\r\n|\r|\n)[=+\-@\t]/;

const registry = sampleRegistry();
const reporting = registry.find((u) => u.code === '120101001')!;
/** A city department that has not reported: it is in units.csv and in the missing list. */
const hostileUnit: RegistryUnit = { code: '120000099', name: HOSTILE_NAME, typeLabel: '市级部门', unitType: 'department', level: 'city', districtCode: null, districtName: null };
/** Units in the registry: the 69 sample units (16 districts × 4, 5 city departments) and the hostile one. */
const UNITS = 16 * 4 + 5 + 1;

/** Calc drops empty trailing cells of a row; csv-parse keeps them. */
const trimmed = (row: string[]) => {
  const out = [...row];
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
};

forEachDatabase((db) => {
  let server: TestServer;
  const exports: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer(db);
    await server.store.importRegistry([...registry, hostileUnit]);
    const login = await fetchJson(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: HOSTILE_USER, password: 'wrong-password' }),
    });
    expect(login.status).toBe(401);
    const bytes = await filledWorkbookFor(reporting, YEAR, { 'narr.other': HOSTILE_NARRATIVE });
    const upload = await uploadFiles(server.url, server.admin.headers, [{ name: 'ok.xlsx', bytes }]);
    expect(upload.body.files?.[0]?.status).toBe('accepted');
    for (const [name, path] of [
      ['audit', '/api/audit?format=csv&limit=1000'],
      ['units', `/api/rollups/${YEAR}/units.csv?level=city`],
      ['missing', `/api/progress/missing.csv?year=${YEAR}`],
    ]) {
      const response = await fetch(server.url + path, { headers: server.admin.headers });
      expect([name, response.status, response.headers.get('content-type')]).toEqual([name, 200, 'text/csv; charset=utf-8']);
      exports[name] = await response.text();
    }
  }, 60_000);
  afterAll(() => server?.close());

  const records = (name: string) => parse(exports[name], { bom: true }) as string[][];

  it('audit CSV: one record per entry; the user name keeps its line break, and its formula line is guarded', () => {
    const rows = records('audit');
    // What happened before the download: the first start, the test's admin login and token, the
    // hostile login, the upload.
    // Columns by their header (the CSV names them in Chinese, the action code last).
    const action = rows[0].indexOf('操作代码');
    const actor = rows[0].indexOf('操作人');
    expect(rows.slice(1).map((r) => r[action])).toEqual(['user.create', 'login.success', 'token.create', 'login.failure', 'upload.accepted']);
    const failure = rows.find((r) => r[action] === 'login.failure')!;
    expect(failure[actor]).toBe("x\n'=cmd|' /C calc'!A0");
  });

  it('units.csv: two header rows and one record per unit; multi-line names and narratives stay one field', () => {
    const rows = records('units');
    expect(rows).toHaveLength(2 + UNITS);
    const column = rows[1].findIndex((h) => h.startsWith('narr.other（'));
    expect(rows.find((r) => r[2] === reporting.code)![column]).toBe(`无。\n'=HYPERLINK("http://evil.example/","详见")`);
    expect(rows.find((r) => r[2] === hostileUnit.code)![3]).toBe(`'=HYPERLINK("http://evil.example/","点此查看")\n'+1\n'@SUM(A1)`);
    // The sample's numbered narrative (gap.text) kept its two lines in one field.
    const gap = rows[1].findIndex((h) => h.startsWith('gap.text（'));
    expect(rows.find((r) => r[2] === reporting.code)![gap].split('\n')).toHaveLength(2);
  });

  it('missing list: one record per unit not reported, the hostile name guarded on every line', () => {
    const rows = records('missing');
    expect(rows).toHaveLength(1 + UNITS - 1);
    expect(rows.find((r) => r[1] === hostileUnit.code)).toEqual(['市级部门', hostileUnit.code, `'=HYPERLINK("http://evil.example/","点此查看")\n'+1\n'@SUM(A1)`]);
  });

  it('no field of any export has a line that starts a formula', () => {
    for (const name of Object.keys(exports)) {
      expect([name, records(name).flat().filter((field) => FORMULA_LINE.test(field))]).toEqual([name, []]);
    }
  });

  (SOFFICE ? it : it.skip)('LibreOffice Calc opens every export with exactly the records written and no formula cell', async () => {
    const opened = await openCsvInCalc(exports);
    for (const name of Object.keys(exports)) {
      const written = records(name).map(trimmed);
      const seen: CalcCell[][] = opened[name];
      expect([name, seen.length]).toEqual([name, written.length]);
      expect([name, seen.flat().filter((c) => c.formula !== undefined)]).toEqual([name, []]);
      expect([name, seen.map((row) => row.length)]).toEqual([name, written.map((row) => row.length)]);
      // Text cells read back as written (numbers and timestamps Calc converts to its own types).
      written.forEach((row, r) =>
        row.forEach((field, c) => {
          if (/[\u4e00-\u9fff'\n]/.test(field)) expect([name, r, c, seen[r][c].text]).toEqual([name, r, c, field]);
        }),
      );
    }
  }, 120_000);
});
