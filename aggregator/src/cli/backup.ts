// `npm run backup -- --out FILE`: a consistent backup of the store the server uses (DATA_DIR /
// DATABASE_URL), safe while the server runs. Format and consistency: store/backup.ts.
import { Command, CommanderError } from 'commander';
import { isHelp, translateCommanderError } from '../../../templates/src/cli/commander-zh';
import { ConfigError, loadConfig } from '../config';
import { backupStore } from '../store/backup';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const program = new Command()
    .name('npm run backup --')
    .description('备份数据存储（全部数据表和原件，写入一个 .zip；服务运行中也可备份）')
    .requiredOption('--out <文件>', '备份文件路径，如 /var/backups/fazhi/2025-03-02.zip')
    .helpOption('-h, --help', '显示帮助')
    .configureOutput({ outputError: () => undefined })
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError && isHelp(error)) return 0;
    const said = error instanceof CommanderError && error.code === 'commander.missingMandatoryOptionValue' ? '缺少选项 --out' : error instanceof CommanderError ? translateCommanderError(error) : String(error);
    console.error(`${said}（用法：npm run backup -- --out 备份文件.zip）`);
    return 2;
  }
  const { out } = program.opts<{ out: string }>();
  try {
    const { file, manifest, fileBytes } = await backupStore(loadConfig(env), out);
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `已备份 ${manifest.source.where} 到 ${file}：${manifest.tables.length} 张数据表共 ${rows} 行，原件 ${manifest.blobs.count} 个（${mb(manifest.blobs.bytes)}），` +
        `备份文件 ${mb(fileBytes)}，数据库结构至迁移 ${manifest.migrations.at(-1) ?? '无'}。`,
    );
    return 0;
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `备份失败，未生成备份文件：${(error as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
