// `npm run draft -- --year 2024 --level district --code 120101 --out 和平区.docx`: the annual report
// draft of a unit, a district or the city, from the same store the server uses (DATA_DIR /
// DATABASE_URL), as GET /api/reports/{year}/draft.docx writes it.
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { isHelp, translateCommanderError } from '../../../templates/src/cli/commander-zh';
import { isAppError } from '../../../templates/src/core/errors';
import { loadConfig } from '../config';
import type { DraftLevel } from '../drafts/types';
import { buildDraftFile } from '../services/drafts';
import { openStore } from '../store';

const USAGE = `用法：
  npm run draft -- --year 2024 --level unit --code 120101002 --out 和平区司法局.docx   某单位（依据其当前报表）
  npm run draft -- --year 2024 --level district --code 120101 --out 和平区.docx        某区（依据本区汇总）
  npm run draft -- --year 2024 --level city --out 全市.docx                           全市（依据全市汇总）
成功时退出码为 0，数据有误（年度、单位或区不存在，单位未报送）时为 1，参数有误时为 2。
`;

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run draft --')
    .description('生成单位、某区或全市的年度法治政府建设情况报告草稿（.docx）')
    .requiredOption('--year <year>', '报告年度，如 2024', (v) => Number(v))
    .addOption(new Option('--level <level>', '层级：unit 单位 / district 区 / city 全市').choices(['unit', 'district', 'city']).makeOptionMandatory())
    .option('--code <code>', '单位代码（unit）或区代码（district）')
    .requiredOption('--out <file>', '输出的 .docx 文件')
    .helpOption('-h, --help', '显示本帮助')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: () => undefined });
  program.helpInformation = () => USAGE;
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (isHelp(e)) return 0;
    const why =
      e.code === 'commander.invalidArgument'
        ? '--level 应为 unit、district 或 city'
        : e.code === 'commander.missingMandatoryOptionValue'
          ? `缺少必填选项 ${/'(--[a-z]+)/.exec(e.message)?.[1] ?? ''}`
          : translateCommanderError(e);
    console.error(`命令行参数有误：${why}`);
    console.error(USAGE.trimEnd());
    return 2;
  }
  const opts = program.opts<{ year: number; level: DraftLevel; code?: string; out: string }>();
  if (!Number.isInteger(opts.year)) {
    console.error('--year 应为四位年份，如 2024。');
    return 2;
  }
  if (opts.level !== 'city' && !opts.code) {
    console.error(opts.level === 'unit' ? '请用 --code 给出单位代码，如 --code 120101002。' : '请用 --code 给出区代码，如 --code 120101（和平区）。');
    return 2;
  }
  const config = loadConfig();
  const store = await openStore(config);
  try {
    const file = await buildDraftFile(store, { year: opts.year, level: opts.level, code: opts.code ?? 'city' }, config.yoyThreshold);
    writeFileSync(opts.out, file.bytes);
    const { draft } = file;
    const incomplete = draft.figures.filter((f) => f.incomplete).length;
    console.log(`已生成《${draft.title}》草稿：${opts.out}（数据版本 ${draft.properties.dataVersion}，正文数字 ${draft.figures.length} 个` + (incomplete > 0 ? `，其中 ${incomplete} 个不完整，已标【待核】）` : '）'));
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
