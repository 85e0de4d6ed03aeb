// `npm run template -- --year 2024 --unit-type department --out FILE.xlsx`: one blank template;
// `npm run template -- --year 2024 --registry 名录.xlsx --out DIR`: one prefilled workbook per unit.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { CURRENT_CATALOGUE_VERSION, getCatalogue, knownCatalogueVersions, UNIT_TYPES, type UnitType } from '../core/catalogue';
import { UNIT_TYPE_LABELS } from '../core/contract';
import { isAppError } from '../core/errors';
import { parseRegistryRows, REGISTRY_TYPE_LABELS, type RegistryUnit } from '../core/registry';
import { readRegistryFile } from '../xlsx/registry-file';
import { writeTemplate } from '../xlsx/write-template';
import { isHelp, translateCommanderError } from './commander-zh';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}
const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

const USAGE = `用法：
  npm run template -- --year 2024 --unit-type department --out 部门模板.xlsx
  npm run template -- --year 2024 --registry 名录.xlsx --out 输出目录

选项：
  --year <年度>        报告年度（四位数字，如 2024），必填
  --unit-type <类型>   生成一份空白模板：department（部门）或 district_gov（区人民政府），
                       也可写“区级部门”“市级部门”“区人民政府”
  --registry <文件>    按单位名录（.xlsx 或 .csv）为每个单位生成一份预填模板
  --out <路径>         --unit-type 时为输出文件（.xlsx）；--registry 时为输出目录
  --catalogue <版本>   指标目录版本，默认 ${CURRENT_CATALOGUE_VERSION}
  -h, --help           显示本帮助
`;

class UsageError extends Error {}

const PROGRESS_EVERY = 200;

interface Options {
  year?: string;
  unitType?: string;
  registry?: string;
  out?: string;
  catalogue?: string;
}

/** Runs the CLI and returns the exit code; all output goes through `io`. */
export async function runTemplateCli(argv: string[], io: CliIo = consoleIo): Promise<number> {
  const program = new Command()
    .name('npm run template --')
    .option('--year <year>')
    .option('--unit-type <type>')
    .option('--registry <file>')
    .option('--out <path>')
    .option('--catalogue <version>')
    .helpOption('-h, --help')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: () => undefined });
  program.helpInformation = () => USAGE;
  try {
    program.parse(argv, { from: 'user' });
    return await run(program.opts<Options>(), io);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (isHelp(e)) return 0;
      io.err(`命令行参数有误：${translateCommanderError(e)}`);
      io.err('查看用法：npm run template -- --help');
      return 1;
    }
    if (e instanceof UsageError) {
      io.err(e.message);
      io.err('查看用法：npm run template -- --help');
      return 1;
    }
    if (isAppError(e)) {
      io.err(e.message);
      return 1;
    }
    io.err(`生成模板失败：${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function run(opts: Options, io: CliIo): Promise<number> {
  if (!opts.year || !/^\d{4}$/.test(opts.year) || Number(opts.year) < 2000 || Number(opts.year) > 2100) {
    throw new UsageError(`--year 应为四位报告年度，如 --year 2024${opts.year ? `（收到“${opts.year}”）` : ''}。`);
  }
  const year = Number(opts.year);
  const version = opts.catalogue ?? CURRENT_CATALOGUE_VERSION;
  const catalogue = getCatalogue(version);
  if (!catalogue) throw new UsageError(`没有版本为“${version}”的指标目录，可用版本：${knownCatalogueVersions().join('、')}。`);
  if (!opts.out) throw new UsageError('请用 --out 指定输出位置（--unit-type 时为 .xlsx 文件，--registry 时为目录）。');
  if (opts.unitType && opts.registry) throw new UsageError('--unit-type 与 --registry 只能选一个：前者生成一份空白模板，后者按名录为每个单位生成预填模板。');
  if (!opts.unitType && !opts.registry) throw new UsageError('请指定 --unit-type（生成一份空白模板）或 --registry（按名录为每个单位生成模板）。');

  const started = Date.now();
  if (opts.unitType) {
    const unitType = parseUnitType(opts.unitType);
    if (!/\.xlsx$/i.test(opts.out)) throw new UsageError(`--out 应为 .xlsx 文件名，如 --out 部门模板.xlsx（收到“${opts.out}”）。`);
    const bytes = await writeTemplate(catalogue, unitType, { year });
    await mkdir(dirname(resolve(opts.out)), { recursive: true });
    await writeFile(opts.out, bytes);
    const label = unitType === 'district_gov' ? '区人民政府' : '部门';
    io.out(`已生成${year}年度${label}模板：${opts.out}（指标目录 ${catalogue.version}，用时 ${Date.now() - started} 毫秒）`);
    return 0;
  }

  const units = await loadRegistry(opts.registry!, io);
  if (!units) return 1;
  await mkdir(opts.out, { recursive: true });
  for (const [i, unit] of units.entries()) {
    const bytes = await writeTemplate(catalogue, unit.unitType, { year, prefill: unit });
    await writeFile(join(opts.out, templateFileName(unit)), bytes);
    // A city registry (1,000–2,000 units) takes minutes: show that work goes on.
    if ((i + 1) % PROGRESS_EVERY === 0 && i + 1 < units.length) io.out(`已生成 ${i + 1}/${units.length} 份……`);
  }
  const counts = REGISTRY_TYPE_LABELS.map((label) => [label, units.filter((u) => u.typeLabel === label).length] as const)
    .filter(([, n]) => n > 0)
    .map(([label, n]) => `${label} ${n} 份`);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.out(`已为 ${units.length} 个单位生成${year}年度预填模板（${counts.join('，')}），保存在 ${opts.out}（指标目录 ${catalogue.version}，用时 ${seconds} 秒）。`);
  return 0;
}

function parseUnitType(text: string): UnitType {
  if ((UNIT_TYPES as readonly string[]).includes(text)) return text as UnitType;
  if (UNIT_TYPE_LABELS[text]) return UNIT_TYPE_LABELS[text];
  throw new UsageError(`--unit-type “${text}”无法识别，应为 department（部门）或 district_gov（区人民政府）。`);
}

async function loadRegistry(file: string, io: CliIo): Promise<RegistryUnit[] | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new UsageError(`无法读取名录文件“${file}”：请确认路径正确且有读取权限。`);
  }
  const { units, errors } = parseRegistryRows(await readRegistryFile(bytes, basename(file)));
  if (errors.length > 0) {
    io.err(`名录“${basename(file)}”有 ${errors.length} 处错误，未生成任何模板。请改正后重试：`);
    for (const e of errors) io.err(e.message);
    return undefined;
  }
  if (units.length === 0) throw new UsageError(`名录“${basename(file)}”中没有单位，请从第2行起每行填写一个单位。`);
  return units;
}

/** `<code>-<name>.xlsx`, with characters that Windows forbids in file names replaced. */
export function templateFileName(unit: Pick<RegistryUnit, 'code' | 'name'>): string {
  return `${unit.code}-${unit.name.replace(/[\\/:*?"<>|\s]+/g, '_')}.xlsx`;
}

if (require.main === module) {
  void runTemplateCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
