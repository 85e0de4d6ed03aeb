// `npm run samples -- --year 2024 --out samples/2024`: filled workbooks for every unit of the sample
// registry (or --registry FILE), with seeded realistic values that pass every rule, so a newcomer
// can try the whole flow (ingest, rollup) at once. Same seed, same files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { parseRegistryRows } from '../templates/src/core/registry';
import { sampleRegistry } from '../templates/src/samples/registry';
import { readRegistryFile } from '../templates/src/xlsx/registry-file';
import { filledWorkbookFor, seedOf } from '../test/support/workbooks';

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
    const bytes = await filledWorkbookFor(unit, opts.year, {}, seedOf(unit.code, opts.year));
    writeFileSync(path.join(opts.out, `${unit.code}-${unit.name}.xlsx`), bytes);
  }
  console.log(`已在 ${opts.out} 生成 ${units.length} 份 ${opts.year} 年度示例工作簿。`);
}

if (require.main === module) void main(process.argv.slice(2));
