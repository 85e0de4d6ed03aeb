// `npm run prefill -- REPORT --unit-type department|district_gov [--json]`: reads last year's
// annual report (.docx, text .pdf, .txt, or a .zip of them) and prints the candidate values per
// indicator with their quotes — for a person to confirm, or for a script.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { currentCatalogue, UNIT_TYPES, type UnitType } from '../../../templates/src/core/catalogue';
import { isAppError } from '../../../templates/src/core/errors';
import { isHelp, translateCommanderError } from '../../../templates/src/cli/commander-zh';
import { cuesFor } from '../baseline/cues';
import { type Candidate, extractCandidates } from '../baseline/extract';
import { FLAG_SHORT_ZH, formatValue } from '../contract/baselines';
import { createPdfReader } from '../baseline/read/pdf-reader';
import { isRejectedReport, readReports } from '../baseline/read/read-reports';

const USAGE = `用法：
  npm run prefill -- 报告文件 --unit-type department        按部门的指标摘录（.docx、文字版 .pdf、.txt，或装有它们的 .zip）
  npm run prefill -- 报告文件 --unit-type district_gov      按区人民政府的指标摘录
  npm run prefill -- 报告文件 --unit-type department --json 以 JSON 输出：指标代码、摘录值、原文、原文位置、得分、提示
可选 --year 2023 指定报告年度（默认取报告标题中的年份）。
所有文件都读不出时退出码为 1，参数有误时为 2。
`;

type PrefillResult =
  | { file: string; error: { code: string; message: string } }
  | { file: string; format: string; unitType: UnitType; reportYear: number | null; catalogueVersion: string; candidates: Candidate[] };

const UNIT_TYPE_ZH: Record<UnitType, string> = { department: '部门', district_gov: '区人民政府' };

function parseArgs(argv: string[]): { file: string; unitType: UnitType; json: boolean; year?: number } | number {
  const program = new Command()
    .name('npm run prefill --')
    .argument('<report>', '年度报告文件')
    .option('--unit-type <type>', 'department 或 district_gov')
    .option('--year <year>', '报告年度')
    .option('--json', '输出 JSON')
    .helpOption('-h, --help', '显示本帮助')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: () => undefined });
  program.helpInformation = () => USAGE;
  const fail = (why: string) => {
    console.error(`命令行参数有误：${why}`);
    console.error(USAGE.trimEnd());
    return 2;
  };
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (isHelp(e)) return 0;
    return fail(e.code === 'commander.missingArgument' ? '缺少年度报告文件名' : translateCommanderError(e));
  }
  const opts = program.opts<{ unitType?: string; year?: string; json?: boolean }>();
  if (!opts.unitType) return fail('缺少 --unit-type（department 或 district_gov）');
  if (!(UNIT_TYPES as readonly string[]).includes(opts.unitType)) return fail(`--unit-type 只能是 department 或 district_gov，不能是“${opts.unitType}”`);
  if (opts.year !== undefined && !/^(19|20)\d{2}$/.test(opts.year)) return fail(`--year 应为四位年份，如 2023，不能是“${opts.year}”`);
  return { file: program.args[0], unitType: opts.unitType as UnitType, json: Boolean(opts.json), year: opts.year ? Number(opts.year) : undefined };
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'number') return args;
  let bytes: Buffer;
  try {
    bytes = readFileSync(args.file);
  } catch {
    console.error(`无法读取文件“${args.file}”：请确认路径正确且有读取权限。`);
    return 2;
  }
  const catalogue = currentCatalogue();
  const cues = cuesFor(catalogue)!;
  const pdf = createPdfReader();
  try {
    const items = await readReports([{ name: basename(args.file), bytes }], pdf);
    const results = items.map((item): PrefillResult => {
      if (isRejectedReport(item)) return { file: item.file, error: item.error };
      const { reportYear, candidates } = extractCandidates(item.text, { unitType: args.unitType, catalogue, cues, reportYear: args.year });
      return { file: item.file, format: item.format, unitType: args.unitType, reportYear: reportYear ?? null, catalogueVersion: catalogue.version, candidates };
    });
    if (args.json) console.log(JSON.stringify(results.length === 1 && !/\.zip$/i.test(args.file) ? results[0] : results, null, 2));
    else for (const r of results) console.log('error' in r ? `[错误] ${r.file}：${r.error.message}\n` : table(r.file, args.unitType, r.reportYear, r.candidates));
    return results.every((r) => 'error' in r) ? 1 : 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.error(`[错误] ${e.message}`);
    return 1;
  } finally {
    await pdf.close();
  }
}

/** Terminal columns of a string: CJK and full-width characters take two. */
const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(c) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
const cut = (s: string, max: number) => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

function table(file: string, unitType: UnitType, year: number | null, candidates: Candidate[]): string {
  const head = `${file}（${UNIT_TYPE_ZH[unitType]}，报告年度 ${year ?? '未识别'}）：${candidates.length} 个指标有候选值，请逐项核对原文后确认。`;
  if (candidates.length === 0) return `${head}\n`;
  const rows = [['指标代码', '指标名称', '摘录值', '得分', '提示', '原文（起–止位置）']];
  for (const c of candidates) {
    const flags = c.flags.map((f) => FLAG_SHORT_ZH[f]).join('、');
    const alternatives = c.alternatives.filter((a) => a.value !== c.value).map((a) => formatValue(a.value, a.approx));
    rows.push([
      c.code,
      cut(c.name, 14),
      `${formatValue(c.value, c.approx)}${typeof c.value === 'number' ? c.unit : ''}${alternatives.length ? `（或 ${alternatives.join('、')}）` : ''}`,
      c.score.toFixed(2),
      flags || '—',
      `${cut(c.quote.text, 30)}（${c.quote.start}–${c.quote.end}）`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))));
  return `${head}\n${rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i]))).join('  ')).join('\n')}\n`;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
