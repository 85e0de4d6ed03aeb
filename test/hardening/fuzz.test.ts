// A bounded, seeded mutation fuzzer over valid workbooks: byte flips, truncation, XML-level edits
// (rezipped with correct checksums, so they reach the XML reader), part swaps and drops, shared-string
// indexes, cell references, sheet states and the unit's identity, some cases wrapped in an upload zip
// (damaged or not). Each case
// goes through what the server does with an upload: expandUploads in the server process, then the
// real parse pool. No case may throw in the server process, crash or time out a parse child, or
// fail with anything but a deliberate, Chinese-worded refusal. FUZZ_CASES / FUZZ_SEED widen a run.
import type { WorkbookCheck } from '../../templates/src/xlsx/check-workbook';
import { expandUploads, isRejected } from '../../aggregator/src/ingest/expand-uploads';
import { createParsePool, type ParsePool } from '../../aggregator/src/ingest/parse-pool';
import { checkWorkbookJob } from '../../templates/src/xlsx/check-job';
import { openXlsx } from '../../templates/src/xlsx/zip-gate';
import { buildRawZip } from '../support/hostile';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { seededRandom } from '../support/sample-values';
import { CORPUS_UNIT, validWorkbook } from './corpus';

const CASES = Number(process.env.FUZZ_CASES ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20240601);
/** Outcomes that mean our code failed rather than refused the file. */
const BUGS = new Set(['PARSE_FAILED', 'PARSE_CRASHED', 'PARSE_TIMEOUT', 'PARSE_UNAVAILABLE']);
const HAS_CHINESE = /[\u4e00-\u9fff]/;

interface Part {
  name: string;
  text: string;
}

type Mutator = (bytes: Buffer, parts: Part[], r: () => number) => Promise<Buffer> | Buffer;

const int = (r: () => number, n: number) => Math.floor(r() * n);
const pick = <T>(r: () => number, list: readonly T[]): T => list[int(r, list.length)];
/** Written byte by byte (not yazl): any part name, correct checksums. */
const zipOf = (parts: Part[]) => buildRawZip(parts.map((p) => ({ name: Buffer.from(p.name, 'utf8'), data: Buffer.from(p.text, 'utf8'), utf8Flag: true, deflate: true })));
/** Pieces of XML that steer a reader into its odd corners. */
const XML_NOISE = ['<', '>', '&', '&amp;', '&#0;', '&#xFFFF;', '<![CDATA[', ']]>', '<!--', '-->', '"', "'", '<c r="E9999999">', '<row r="0">', '<v>1e309</v>', 't="s"', '<v>-1</v>', '<v>99999999</v>', '_x0000_', '\u0000', '\uFFFE', '<x:c>', 'r="A0"', '</sheetData>', '<sheetData>', '<is><t>', '</t></is>'];

const MUTATORS: Record<string, Mutator> = {
  flipBytes(bytes, _parts, r) {
    const out = Buffer.from(bytes);
    for (let i = 0, n = 1 + int(r, 16); i < n; i++) out[int(r, out.length)] ^= 1 << int(r, 8);
    return out;
  },
  flipDirectory(bytes, _parts, r) {
    // The central directory and end record sit in the last few hundred bytes.
    const out = Buffer.from(bytes);
    const from = Math.max(0, out.length - 1500);
    for (let i = 0, n = 1 + int(r, 6); i < n; i++) out[from + int(r, out.length - from)] = int(r, 256);
    return out;
  },
  truncate(bytes, _parts, r) {
    return bytes.subarray(0, int(r, bytes.length));
  },
  xmlEdit(_bytes, parts, r) {
    const target = pick(r, parts);
    let text = target.text;
    for (let i = 0, n = 1 + int(r, 5); i < n; i++) {
      const at = int(r, text.length + 1);
      const op = int(r, 3);
      if (op === 0) text = text.slice(0, at) + pick(r, XML_NOISE) + text.slice(at);
      else if (op === 1) text = text.slice(0, at) + text.slice(at + 1 + int(r, 200));
      else {
        const len = 1 + int(r, 400);
        text = text.slice(0, at) + text.slice(at, at + len).repeat(2 + int(r, 4)) + text.slice(at + len);
      }
    }
    return zipOf(parts.map((p) => (p === target ? { ...p, text } : p)));
  },
  swapParts(_bytes, parts, r) {
    const a = int(r, parts.length);
    const b = int(r, parts.length);
    return zipOf(parts.map((p, i) => (i === a ? { ...p, text: parts[b].text } : i === b ? { ...p, text: parts[a].text } : p)));
  },
  dropPart(_bytes, parts, r) {
    const drop = int(r, parts.length);
    return zipOf(parts.filter((_, i) => i !== drop));
  },
  renamePart(_bytes, parts, r) {
    const target = int(r, parts.length);
    const names = ['xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml', 'XL/WORKBOOK.XML', 'xl/worksheets/../workbook.xml', 'docProps/core.xml', 'xl/_rels/workbook.xml.rels'];
    return zipOf(parts.map((p, i) => (i === target ? { ...p, name: pick(r, names) } : p)));
  },
  sharedStringIndex(_bytes, parts, r) {
    // Shared-string cells pointing at fractions, negatives, blanks or past the table.
    const odd = ['1.9', '-1', '', ' 3 ', '99999', '4294967296', '0x1', '1e2', '0'];
    return zipOf(parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, text: p.text.replace(/(t="s"><v>)\d+(<\/v>)/g, (m, a, b) => (r() < 0.1 ? `${a}${pick(r, odd)}${b}` : m)) } : p)));
  },
  cellReference(_bytes, parts, r) {
    // Cell addresses repeated, shifted, out of order or past the sheet.
    const odd = (ref: string) => {
      const [, col, row] = /^([A-Z]+)(\d+)$/.exec(ref)!;
      return pick(r, [`${col}${Number(row) + 1}`, `${col}${Math.max(1, Number(row) - 1)}`, `A${row}`, `E${row}`, `${col}0`, `XFE${row}`, `${col}1048577`, ref.toLowerCase(), `${col}${row}`]);
    };
    return zipOf(parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, text: p.text.replace(/<c r="([A-Z]+\d+)"/g, (m, ref) => (r() < 0.05 ? `<c r="${odd(ref)}"` : m)) } : p)));
  },
  sheetState(_bytes, parts, r) {
    // Sheets hidden, shown, renamed to the input sheet's name or listed twice.
    const states = ['visible', 'hidden', 'veryHidden', 'bogus'];
    return zipOf(parts.map((p) => {
      if (p.name !== 'xl/workbook.xml') return p;
      let text = p.text.replace(/state="[^"]*"/g, (m) => (r() < 0.5 ? `state="${pick(r, states)}"` : m));
      if (r() < 0.3) text = text.replace(/name="(填报说明|_meta)"/, `name="${pick(r, ['指标填报', '指标填报 ', ' 指标填报'])}"`);
      if (r() < 0.2) text = text.replace(/(<sheet [^>]*\/>)/, '$1$1');
      return { ...p, text };
    }));
  },
  unitIdentity(_bytes, parts, r) {
    // The unit's code, name or district replaced (in the sheet, the stamp, the properties) by another unit's or by junk.
    const other = pick(r, sampleRegistry());
    const own = sampleRegistry().find((u) => u.code === CORPUS_UNIT)!;
    const swaps: [string, string][] = [
      [own.code, pick(r, [other.code, '', '__proto__', '120101001 ', '１２０１０１００１'])],
      [own.name, pick(r, [other.name, '', '和平区', own.name.repeat(3)])],
      [own.districtName!, pick(r, [other.districtName ?? '市级', '市级', ''])],
    ];
    const chosen = swaps.filter(() => r() < 0.6);
    const targets = ['xl/sharedStrings.xml', 'docProps/core.xml', 'xl/worksheets/sheet3.xml'].filter(() => r() < 0.7);
    return zipOf(parts.map((p) => (targets.includes(p.name) ? { ...p, text: chosen.reduce((t, [from, to]) => t.split(from).join(to), p.text) } : p)));
  },
  numberStorm(_bytes, parts, r) {
    // Every number in the input sheet replaced by an extreme or malformed one.
    const odd = ['1e308', '-0', 'NaN', 'Infinity', '1e-320', '4294967296', '9007199254740993', '0x10', '', ' 1 ', '１２'];
    return zipOf(parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, text: p.text.replace(/<v>[^<]*<\/v>/g, () => `<v>${pick(r, odd)}</v>`) } : p)));
  },
};

describe('mutation fuzzer', () => {
  let pool: ParsePool<WorkbookCheck>;
  let seeds: { bytes: Buffer; parts: Part[] }[];

  beforeAll(async () => {
    pool = createParsePool({ job: checkWorkbookJob, jobOptions: { gate: {} }, workers: 2, maxQueue: 64, timeoutMs: 5000, memoryMb: 256 });
    await pool.whenReady();
    seeds = [];
    for (const variant of [0, 1]) {
      const bytes = await validWorkbook(variant);
      const gate = openXlsx(bytes);
      const parts = gate.names().filter((n) => !n.endsWith('/')).map((name) => ({ name, text: gate.text(name) ?? '' }));
      seeds.push({ bytes, parts });
    }
  }, 60_000);
  afterAll(() => pool?.close());

  it(`${CASES} seeded cases (seed ${SEED}): no throw, crash, hang or unworded failure`, async () => {
    const r = seededRandom(SEED);
    const names = Object.keys(MUTATORS);
    const outcomes = new Map<string, number>();
    const bugs: string[] = [];
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    let slowest = 0;

    for (let i = 0; i < CASES; i++) {
      const mutator = pick(r, names);
      const seed = pick(r, seeds);
      let bytes = await MUTATORS[mutator](seed.bytes, seed.parts, r);
      // Some cases arrive inside a zip (a district's batch), itself sometimes damaged: that path runs
      // yauzl in the server process, where a throw would fail the whole request.
      const zipped = r() < 0.2;
      if (zipped) {
        bytes = buildRawZip([{ name: Buffer.from('和平区/单位.xlsx', 'utf8'), data: bytes, utf8Flag: true, deflate: r() < 0.7 }]);
        if (r() < 0.5) bytes = MUTATORS[pick(r, ['flipBytes', 'flipDirectory', 'truncate'])](bytes, [], r) as Buffer;
      }
      const label = `case ${i} (${mutator}${zipped ? ', zipped' : ''}, ${bytes.length} bytes)`;
      const started = Date.now();
      let items;
      try {
        items = await expandUploads([{ name: `fuzz-${i}.${zipped ? 'zip' : 'xlsx'}`, bytes }]);
      } catch (error) {
        bugs.push(`${label}: expandUploads threw ${(error as Error).stack?.split('\n').slice(0, 3).join(' ')}`);
        continue;
      }
      for (const item of items) {
        if (isRejected(item)) {
          count(item.error.code);
          if (!HAS_CHINESE.test(item.error.message)) bugs.push(`${label}: ${item.error.code} without a Chinese message`);
          continue;
        }
        const outcome = await pool.parse(item.bytes, item.file);
        if (outcome.ok) {
          count(outcome.result.problems.some((p) => p.severity === 'error') ? 'checked:errors' : 'checked:clean');
        } else {
          count(outcome.error.code);
          if (BUGS.has(outcome.error.code)) bugs.push(`${label}: ${outcome.error.code} ${outcome.error.message}`);
          else if (!HAS_CHINESE.test(outcome.error.message)) bugs.push(`${label}: ${outcome.error.code} without a Chinese message`);
        }
      }
      slowest = Math.max(slowest, Date.now() - started);
    }
    const stats = pool.stats();
    console.log(JSON.stringify({ cases: CASES, seed: SEED, slowestMs: slowest, crashes: stats.crashes, timeouts: stats.timeouts, outcomes: Object.fromEntries([...outcomes].sort()) }));
    expect(bugs).toEqual([]);
    expect([stats.crashes, stats.timeouts]).toEqual([0, 0]);
    // Every mutation kind reached the reader at least sometimes: the fuzzer is not just testing the gate.
    expect((outcomes.get('checked:errors') ?? 0) + (outcomes.get('checked:clean') ?? 0)).toBeGreaterThan(CASES / 10);
  }, 240_000);
});
