// `npm run samples -- --year 2024 --out samples/2024`: filled workbooks for every unit of the sample
// registry (or --registry FILE), with seeded realistic values that pass every rule, so a newcomer
// can try the whole flow (ingest, rollup) at once. Same seed, same files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { CURRENT_CATALOGUE_VERSION, getCatalogue } from '../templates/src/catalogue';
import { parseRegistryRows, sampleRegistry, type RegistryUnit } from '../templates/src/registry';
import { readRegistryFile } from '../templates/src/registry-file';
import { writeTemplate } from '../templates/src/write-template';
import { fillWorkbook } from '../test/support/fill-workbook';
import { sampleValues } from '../test/support/sample-values';

/** Header fields the template already prefills (and locks) from the registry. */
const PREFILLED = ['meta.unit_name', 'meta.unit_code', 'meta.unit_type', 'meta.district', 'meta.report_year'];

export async function filledWorkbookFor(unit: RegistryUnit, year: number, seed: number): Promise<Buffer> {
  const catalogue = getCatalogue(CURRENT_CATALOGUE_VERSION)!;
  const template = await writeTemplate(catalogue, unit.unitType, { year, prefill: unit });
  const values = sampleValues(catalogue, { ...unit, districtName: unit.districtName }, year, seed);
  for (const code of PREFILLED) delete values[code];
  return fillWorkbook(template, values);
}

export function seedOf(code: string, year: number): number {
  let h = year;
  for (const ch of code) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h;
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('npm run samples --')
    .description('为名录中的每个单位生成一份填好的示例工作簿')
    .requiredOption('--year <year>', '报告年度', (v) => Number(v))
    .requiredOption('--out <dir>', '输出文件夹')
    .option('--registry <file>', '单位名录 .csv / .xlsx（默认：天津市示例名录）')
    .option('--limit <n>', '最多生成多少个单位', (v) => Number(v));
  program.parse(argv, { from: 'user' });
  const opts = program.opts<{ year: number; out: string; registry?: string; limit?: number }>();
  let units = sampleRegistry();
  if (opts.registry) {
    const parsed = parseRegistryRows(await readRegistryFile(readFileSync(opts.registry), opts.registry));
    if (parsed.errors.length) {
      for (const e of parsed.errors) console.error(e.message);
      process.exitCode = 1;
      return;
    }
    units = parsed.units;
  }
  if (opts.limit) units = units.slice(0, opts.limit);
  mkdirSync(opts.out, { recursive: true });
  for (const unit of units) {
    const bytes = await filledWorkbookFor(unit, opts.year, seedOf(unit.code, opts.year));
    writeFileSync(path.join(opts.out, `${unit.code}-${unit.name}.xlsx`), bytes);
  }
  console.log(`已在 ${opts.out} 生成 ${units.length} 份 ${opts.year} 年度示例工作簿。`);
}

if (require.main === module) void main(process.argv.slice(2));
