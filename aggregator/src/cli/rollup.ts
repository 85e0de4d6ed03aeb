// `npm run rollup -- --year 2024 [--district CODE] --out FILE.xlsx`: the rollup workbook from the
// same store the server uses (DATA_DIR / DATABASE_URL), recomputed from what is stored. Every
// line names the store it read, so a wrong or empty DATA_DIR is seen at once.
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { Command } from 'commander';
import { isAppError } from '../../../templates/src/core/errors';
import { loadConfig } from '../config';
import { districtGroup, scopeRollup, type RollupScope } from '../rollup';
import { writeRollupWorkbook } from '../reports/rollup-workbook';
import { buildRollup } from '../services/rollups';
import { openStore, sqliteFile } from '../store';

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
  // Opening a missing SQLite file would create an empty store there and report an empty rollup.
  if (!config.databaseUrl && !existsSync(sqliteFile(config.dataDir))) {
    console.error(
      `没有找到汇总端的数据库：DATA_DIR=${config.dataDir}（${path.resolve(sqliteFile(config.dataDir))} 不存在）。` +
        '请把 DATA_DIR 设为汇总端启动时使用的目录（默认是在项目目录下运行时的 ./data），或用 DATABASE_URL 指向汇总端的 PostgreSQL。',
    );
    return 1;
  }
  const store = await openStore(config);
  const where = `（数据：${store.where}）`;
  try {
    if ((await store.unitCount()) === 0) {
      console.error(`数据库中没有任何单位（名录为空），无法汇总${where}。请检查 DATA_DIR / DATABASE_URL 是否指向汇总端使用的数据库，或先导入单位名录。`);
      return 1;
    }
    const rollup = await buildRollup(store, opts.year, config.yoyThreshold);
    const scope: RollupScope = opts.district ? { level: 'district', code: opts.district } : { level: 'city' };
    // An unknown district fails here (AppError, printed below) before the output file is created.
    if (opts.district) districtGroup(rollup, opts.district);
    const out = createWriteStream(opts.out);
    await writeRollupWorkbook(rollup, scope, out);
    await finished(out);
    const group = scopeRollup(rollup, scope).groups[0];
    const c = group?.completeness;
    console.log(`已生成 ${opts.year} 年度${group?.name ?? ''}汇总表：${opts.out}` + (c ? `（应报 ${c.expected} 家，已报 ${c.submitted} 家，缺报 ${c.missing} 家）` : '') + where);
    if (c && c.submitted === 0) {
      console.log(`注意：${opts.year} 年度还没有任何计入汇总的报送，汇总表各项为空。如数据应在别处，请检查 DATA_DIR / DATABASE_URL。`);
    }
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.error(`${e.message}${where}`);
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
