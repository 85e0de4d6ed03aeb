// Each boundary of README 架构 is enforced by `npm run lint`: a deliberate violation of each one,
// linted with the project's own ESLint configuration as if it were a file in that folder, must be
// reported by the rule that guards it; the same import from an allowed place must not be.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildImportGraph, findCycles } from '../../scripts/lint/import-graph';

const ROOT = path.resolve(__dirname, '../..');

type Probe = [what: string, file: string, code: string];

/** Lints every probe in one child process; answers the rules each one broke. */
function lint(probes: readonly Probe[]): Map<string, string[]> {
  const input = JSON.stringify(probes.map(([, file, code]) => ({ file, code })));
  const out = execFileSync(process.execPath, [path.join(__dirname, 'lint-probes.mjs'), ROOT], { input, encoding: 'utf8' });
  const results = JSON.parse(out) as string[][];
  return new Map(probes.map(([what], i) => [what, results[i]]));
}

const PATHS = 'import-x/no-restricted-paths';

const REFUSED: [...Probe, rule: string][] = [
  ['the core imports an xlsx adapter', 'templates/src/core/probe.ts', "import { readWorkbook } from '../xlsx/read-workbook';\nexport const f = readWorkbook;\n", PATHS],
  ['the core imports sample data', 'templates/src/core/probe.ts', "import { sampleRegistry } from '../samples/registry';\nexport const f = sampleRegistry;\n", PATHS],
  ['the core imports server code', 'templates/src/core/probe.ts', "import { loadConfig } from '../../../aggregator/src/config';\nexport const f = loadConfig;\n", PATHS],
  ['the core does I/O', 'templates/src/core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", 'no-restricted-imports'],
  ['the core uses exceljs', 'templates/src/core/probe.ts', "import ExcelJS from 'exceljs';\nexport const f = ExcelJS;\n", 'no-restricted-imports'],
  ['the rollup engine imports the store', 'aggregator/src/rollup/probe.ts', "import { openStore } from '../store';\nexport const f = openStore;\n", PATHS],
  ['the page imports server code', 'aggregator/src/web/pages/probe.ts', "import { audit } from '../../auth/audit';\nexport const f = audit;\n", PATHS],
  ['the page imports the store', 'aggregator/src/web/probe.ts', "import type { Store } from '../store';\nexport type S = Store;\n", PATHS],
  ['the add-in imports server code', 'addin/src/taskpane/probe.ts', "import { yearNumber } from '../../../aggregator/src/http/params';\nexport const f = yearNumber;\n", PATHS],
  ['the add-in imports an xlsx adapter', 'addin/src/core/probe.ts', "import { readWorkbook } from '../../../templates/src/xlsx/read-workbook';\nexport const f = readWorkbook;\n", PATHS],
  ['a route calls the store', 'aggregator/src/http/probe-routes.ts', "import { openStore } from '../store';\nexport const f = openStore;\n", PATHS],
  ['SQL outside the store', 'aggregator/src/services/probe.ts', "import { sql } from 'kysely';\nexport const f = sql;\n", 'no-restricted-imports'],
  ['Office.js outside the Excel adapter', 'addin/src/taskpane/probe.ts', 'export const f = () => Excel.run(async () => undefined);\n', 'no-restricted-globals'],
  ['an error message written outside the error catalogue', 'aggregator/src/services/probe.ts', "import { AppError } from '../../../templates/src/core/errors';\nexport const f = () => new AppError('UNIT_UNKNOWN', '单位不存在', 404);\n", 'no-restricted-syntax'],
  ['an adapter writes its own error message', 'templates/src/xlsx/probe.ts', "import { AppError } from '../core/errors';\nexport const f = () => new AppError('NOT_XLSX', '不是工作簿');\n", 'no-restricted-syntax'],
];
const ALLOWED: Probe[] = [
  ['an adapter imports the core', 'templates/src/xlsx/probe.ts', "import { getCatalogue } from '../core/catalogue';\nexport const f = getCatalogue;\n"],
  ['the add-in imports the core', 'addin/src/core/probe.ts', "import { getCatalogue } from '../../../templates/src/core/catalogue';\nexport const f = getCatalogue;\n"],
  ['the store uses kysely', 'aggregator/src/store/probe.ts', "import { sql } from 'kysely';\nexport const f = sql;\n"],
  ['the Excel adapter calls Office.js', 'addin/src/excel/probe.ts', 'export const f = () => Excel.run(async () => undefined);\n'],
  ['a service uses the store', 'aggregator/src/services/probe.ts', "import type { Store } from '../store';\nexport type S = Store;\n"],
  ['a service builds its error from the catalogue', 'aggregator/src/services/probe.ts', "import { appError } from '../../../templates/src/core/error-catalogue';\nexport const f = (unitCode: string) => appError('UNIT_UNKNOWN', { unitCode, namedIn: 'path' });\n"],
];

describe('ESLint boundaries', () => {
  let broken: Map<string, string[]>;
  beforeAll(() => {
    broken = lint([...REFUSED.map(([what, file, code]): Probe => [what, file, code]), ...ALLOWED]);
  }, 120_000);

  test.each(REFUSED)('refuses: %s', (what, _file, _code, rule) => {
    expect(broken.get(what)).toContain(rule);
  });

  test.each(ALLOWED)('allows: %s', (what) => {
    expect(broken.get(what)).toEqual([]);
  });
});

describe('import loops', () => {
  test('finds a loop of three and a self-import, and nothing in a tree', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a', 'd']],
      ['d', []],
      ['e', ['e']],
      ['f', ['d']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
    expect(findCycles(new Map([['x', ['y']], ['y', []]]))).toEqual([]);
  });

  test('a type-only import closes a loop too', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'import-loop-'));
    try {
      mkdirSync(path.join(dir, 'sub'));
      writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './sub/b';\nexport interface A { b: B }\n");
      writeFileSync(path.join(dir, 'sub', 'b.ts'), "import type { A } from '../a';\nexport interface B { a?: A }\n");
      writeFileSync(path.join(dir, 'c.ts'), "export { type A } from './a';\n");
      const files = ['a.ts', 'sub/b.ts', 'c.ts'].map((f) => path.join(dir, f));
      expect(findCycles(buildImportGraph(files))).toEqual([[path.join(dir, 'a.ts'), path.join(dir, 'sub', 'b.ts')]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the project has none', () => {
    // Same check as `npm run lint`, so a loop fails the tests as well as the lint step.
    const files = execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((f) => path.join(ROOT, f));
    expect(findCycles(buildImportGraph(files)).map((c) => c.map((f) => path.relative(ROOT, f)))).toEqual([]);
  });
});
