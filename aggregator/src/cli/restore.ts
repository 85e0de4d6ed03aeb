// `npm run restore -- FILE`: a backup of `npm run backup` into the empty store DATA_DIR /
// DATABASE_URL name (either database, whichever the backup came from). All or nothing.
import { Command, CommanderError } from 'commander';
import { isHelp, translateCommanderError } from '../../../templates/src/cli/commander-zh';
import { ConfigError, loadConfig } from '../config';
import { restoreStore } from '../store/backup';

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const program = new Command()
    .name('npm run restore --')
    .description('把 npm run backup 生成的备份恢复到一个空的数据存储（DATA_DIR 或 DATABASE_URL 所指）')
    .argument('<备份文件>', 'npm run backup 生成的 .zip')
    .helpOption('-h, --help', '显示帮助')
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && isHelp(error)) return 0;
    console.error(`${error instanceof CommanderError ? translateCommanderError(error) : String(error)}（用法：npm run restore -- 备份文件.zip）`);
    return 2;
  }
  const [file] = program.args;
  try {
    const { where, manifest } = await restoreStore(loadConfig(env), file);
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `已把备份 ${file}（${manifest.createdAt} 备份自 ${manifest.source.where}）恢复到 ${where}：${manifest.tables.length} 张数据表共 ${rows} 行，原件 ${manifest.blobs.count} 个。` +
        '请运行 npm run verify-store 检查后再启动服务。',
    );
    return 0;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `恢复失败，未写入任何数据：${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
