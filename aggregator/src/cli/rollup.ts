// `npm run rollup -- --year 2024 [--district CODE] --out FILE.xlsx`: the rollup workbook from the
// same store the server uses (DATA_DIR / DATABASE_URL), recomputed from what is stored.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { isAppError } from '../../../templates/src/core/errors';
import { loadConfig } from '../config';
import { districtGroup, scopeRollup, type RollupScope } from '../rollup';
import { writeRollupWorkbook } from '../reports/rollup-workbook';
import { buildRollup } from '../services/rollups';
import { openStore } from '../store';

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run rollup --')
    .description('生成全市或某区的汇总工作簿')
    .requiredOption('--year <year>', '报告年度', (v) => Number(v))
    .option('--district <code>', '区代码（不填则为全市）')
    .requiredOption('--out <file>', '输出的 .xlsx 文件')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch {
    return 2;
  }
  const opts = program.opts<{ year: number; district?: string; out: string }>();
  if (!Number.isInteger(opts.year)) {
    console.error('--year 应为四位年份，如 2024。');
    return 2;
  }
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const rollup = await buildRollup(store, opts.year, config.yoyThreshold);
    const scope: RollupScope = opts.district ? { level: 'district', code: opts.district } : { level: 'city' };
    // An unknown district fails here (AppError, printed below) before the output file is created.
    if (opts.district) districtGroup(rollup, opts.district);
    const out = createWriteStream(opts.out);
    await writeRollupWorkbook(rollup, scope, out);
    await finished(out);
    const group = scopeRollup(rollup, scope).groups[0];
    const c = group?.completeness;
    console.log(`已生成 ${opts.year} 年度${group?.name ?? ''}汇总表：${opts.out}` + (c ? `（应报 ${c.expected} 家，已报 ${c.submitted} 家，缺报 ${c.missing} 家）` : ''));
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.error(e.message);
    return 1;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e) => {
    console.error(e);
    process.exitCode = 1;
  },
);
