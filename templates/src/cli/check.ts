// `npm run check -- FILE.xlsx [--json]`: check one filled workbook the way the aggregator will.
import { readFileSync } from 'node:fs';
import { SEVERITY_LABELS } from '../../../aggregator/src/contract/problems';
import { basename } from 'node:path';
import { Command, CommanderError } from 'commander';
import { checkWorkbook } from '../xlsx/check-workbook';
import { isAppError } from '../core/errors';
import { hasErrors } from '../core/validate';
import { isHelp, translateCommanderError } from './commander-zh';

const USAGE = `用法：
  npm run check -- 文件名.xlsx          逐条列出问题（工作表!单元格【指标】及修改方法）
  npm run check -- 文件名.xlsx --json   以 JSON 输出单位、年度、数值和问题
有错误时退出码为 1，参数有误时为 2。
`;

// The severities' one set of names (the page and the pane read the same).
const SEVERITY_ZH = SEVERITY_LABELS;

function main(argv: string[]): number {
  const program = new Command()
    .name('npm run check --')
    .description('按标准指标目录检查一个填好的工作簿；有错误时退出码为 1')
    .argument('<file>', '要检查的 .xlsx 文件')
    .option('--json', '输出 JSON：{unit, unitType, year, catalogueVersion, values, problems}')
    .helpOption('-h, --help', '显示本帮助')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: () => undefined });
  program.helpInformation = () => USAGE;
  try {
    program.parse(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (isHelp(e)) return 0;
    const why = e.code === 'commander.missingArgument' ? '缺少要检查的文件名' : translateCommanderError(e);
    console.error(`命令行参数有误：${why}`);
    console.error(USAGE.trimEnd());
    return 2;
  }
  const file = program.args[0];
  const asJson = Boolean(program.opts().json);

  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    console.error(`无法读取文件“${file}”：请确认路径正确且有读取权限。`);
    return 2;
  }
  try {
    const check = checkWorkbook(bytes, basename(file));
    if (asJson) {
      const { unitCode: unit, unitType, year, catalogueVersion, values, derived, problems } = check;
      console.log(JSON.stringify({ unit, unitType, year, catalogueVersion, values: { ...values, ...derived }, problems }, null, 2));
    } else {
      for (const p of check.problems) console.log(`[${SEVERITY_ZH[p.severity]}] ${p.rule} ${p.message}`);
      const count = (s: string) => check.problems.filter((p) => p.severity === s).length;
      console.log(`${basename(file)}：${count('error')} 个错误，${count('warning')} 个警告，${count('info')} 条提示。${hasErrors(check.problems) ? '请修改错误后再报送。' : '可以报送。'}`);
    }
    return hasErrors(check.problems) ? 1 : 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (asJson) console.log(JSON.stringify({ error: { code: e.code, message: e.message } }, null, 2));
    else console.log(`[错误] ${e.code} ${basename(file)}：${e.message}`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
