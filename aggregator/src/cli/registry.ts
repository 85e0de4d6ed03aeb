// `npm run registry -- import FILE | list | remove-sample [--dry-run]`: the registry from the
// command line, against the same store the server uses (DATA_DIR / DATABASE_URL). Same checks as
// the upload page: any bad row and nothing is imported.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { isAppError } from '../../../templates/src/core/errors';
import { parseRegistryRows } from '../../../templates/src/core/registry';
import { readRegistryFile } from '../../../templates/src/xlsx/registry-file';
import { loadConfig } from '../config';
import { groupRegistry } from '../services/registry';
import { describeRemoval, removeSampleData } from '../services/sample-data';
import { openStore, type Store, type Unit } from '../store';

/** Thrown for faults already explained to the user: print the message, exit 1. */
class CliFailure extends Error {}

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(loadConfig());
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function importCommand(file: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new CliFailure(`找不到或无法读取文件：${file}`);
  }
  const name = path.basename(file);
  const { units, errors } = parseRegistryRows(await readRegistryFile(bytes, name));
  if (errors.length > 0) {
    const lines = errors.map((e) => e.message);
    throw new CliFailure(`名录文件“${name}”有 ${errors.length} 处错误，未导入任何单位。请改正后重新导入：\n${lines.join('\n')}`);
  }
  if (units.length === 0) throw new CliFailure(`名录文件“${name}”中没有任何单位，请在表头下逐行填写单位。`);
  await withStore(async (store) => {
    const result = await store.importRegistry(units);
    const view = groupRegistry(await store.listUnits());
    console.log(
      `已导入单位名录“${name}”：共 ${result.total} 个单位（新增 ${result.inserted} 个，更新 ${result.updated} 个）。` +
        `名录现有 ${view.total} 个单位：${view.districts.length} 个区，${view.cityDepartments.length} 个市级部门。（数据：${store.where}）`,
    );
  });
}

const unitLine = (u: Unit) => `  ${u.code}\t${u.name}\t${u.typeLabel}`;

async function listCommand(): Promise<void> {
  await withStore(async (store) => {
    const view = groupRegistry(await store.listUnits());
    if (view.total === 0) {
      console.log(`单位名录为空。请用 npm run registry -- import 文件 导入名录。（数据：${store.where}）`);
      return;
    }
    for (const district of view.districts) {
      console.log(`${district.name}（${district.code}）：${district.units.length} 个单位`);
      for (const unit of district.units) console.log(unitLine(unit));
    }
    if (view.cityDepartments.length > 0) {
      console.log(`市级部门：${view.cityDepartments.length} 个单位`);
      for (const unit of view.cityDepartments) console.log(unitLine(unit));
    }
    console.log(`合计 ${view.total} 个单位：${view.districts.length} 个区，${view.cityDepartments.length} 个市级部门。（数据：${store.where}）`);
  });
}

/** The audit log names the operating-system account that ran the command. */
const cliActor = () => ({ username: `cli:${os.userInfo().username}`, role: 'system' });

async function removeSampleCommand(options: { dryRun?: boolean }): Promise<void> {
  await withStore(async (store) => {
    const dryRun = options.dryRun === true;
    const removal = await removeSampleData(store, cliActor(), { dryRun });
    const view = groupRegistry(await store.listUnits());
    console.log(`${describeRemoval(removal, dryRun)}名录现有 ${view.total} 个单位。（数据：${store.where}）`);
  });
}

/** Commander speaks English; its few usage errors are translated here. */
function translateCommanderError(text: string): string {
  const rules: [RegExp, string][] = [
    [/missing required argument '(.+)'/, '缺少参数：$1'],
    [/unknown command '(.+)'/, '未知命令：$1（可用命令：import、list、remove-sample）'],
    [/unknown option '(.+)'/, '未知选项：$1'],
    [/too many arguments.*/, '参数过多'],
  ];
  for (const [pattern, zh] of rules) {
    const match = text.match(pattern);
    if (match) return `${match[0].replace(pattern, zh)}\n`;
  }
  return text;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = new Command('registry')
    .description('单位名录管理：导入或查看填报单位名录')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示命令的帮助')
    .showHelpAfterError('（运行 npm run registry -- --help 查看用法）')
    .configureOutput({ outputError: (text, write) => write(translateCommanderError(text)) })
    .exitOverride();
  program
    .command('import')
    .description('从 .csv 或 .xlsx 文件导入单位名录（任何一行有错则整份不导入）')
    .argument('<文件>', '名录文件路径')
    .action(importCommand);
  program.command('list').description('按区列出单位名录').action(listCommand);
  program
    .command('remove-sample')
    .description('移除首次启动载入的示例数据：示例单位及其账号、报送，和没有本系统数据的示例年度（一步完成，记入审计日志）')
    .option('--dry-run', '只列出将移除的示例数据，不作改动')
    .action(removeSampleCommand);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    // Commander has already printed its (translated) message, or the help.
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliFailure || isAppError(error)) console.error(error.message);
    else console.error(`出错了：${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main().then((code) => {
    process.exitCode = code;
  });
}
