// `npm run verify-store [-- --json]`: a read-only check of the store the server uses (DATA_DIR /
// DATABASE_URL) after a crash, a restore or a disk problem: orphan or missing blobs, blobs whose bytes
// do not match their hash, units without exactly one current version, version gaps, stored derived
// values that disagree with their inputs, and SQLite's integrity_check. Exit code 0: sound; 1: problems found; 2: the store cannot be opened.
import { Command } from 'commander';
import { ConfigError, loadConfig } from '../config';
import { connect } from '../store/connect';
import { verifyStore, type StoreVerification } from '../store/verify';

export async function main(argv: string[], env: Record<string, string | undefined> = process.env): Promise<number> {
  const program = new Command()
    .name('npm run verify-store --')
    .description('只读检查数据存储是否完整一致（孤立/缺失的原件、校验值、当前版本、版本号、派生值、SQLite 完整性）')
    .option('--json', '以 JSON 输出检查结果')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch {
    return 2;
  }
  let report: StoreVerification;
  let where: string;
  try {
    const conn = connect(loadConfig(env));
    where = conn.where;
    try {
      report = await verifyStore(conn.db, conn.dialect);
    } finally {
      await conn.db.destroy();
    }
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `无法读取数据存储：${(error as Error).message}。请检查 DATA_DIR 或 DATABASE_URL 设置，以及服务是否已初始化过数据库。`;
    console.error(message);
    return 2;
  }
  if (program.opts<{ json?: boolean }>().json) console.log(JSON.stringify({ where, ...report }, null, 2));
  else console.log(describe(where, report));
  return report.ok ? 0 : 1;
}

function describe(where: string, r: StoreVerification): string {
  const lines = [`数据存储：${where}`, `报送记录 ${r.counts.submissions} 条，原件 ${r.counts.blobs} 个，单位×年度 ${r.counts.unitYears} 个。`];
  const list = (items: string[]) => items.slice(0, 10).join('、') + (items.length > 10 ? ' 等' : '');
  if (r.integrity !== 'ok' && r.integrity !== 'not applicable') lines.push(`✗ SQLite 完整性检查未通过：${r.integrity}`);
  if (r.orphanBlobs.length) lines.push(`✗ ${r.orphanBlobs.length} 个原件没有任何报送记录引用（孤立原件）：${list(r.orphanBlobs)}`);
  if (r.missingBlobs.length) lines.push(`✗ ${r.missingBlobs.length} 条报送记录找不到原件：${list(r.missingBlobs.map((m) => m.id))}`);
  if (r.corruptBlobs.length) lines.push(`✗ ${r.corruptBlobs.length} 个原件内容与校验值不符：${list(r.corruptBlobs)}`);
  if (r.noCurrent.length) lines.push(`✗ ${r.noCurrent.length} 个单位×年度没有当前版本：${list(r.noCurrent)}`);
  if (r.severalCurrent.length) lines.push(`✗ ${r.severalCurrent.length} 个单位×年度有多个当前版本：${list(r.severalCurrent)}`);
  if (r.versionGaps.length) lines.push(`✗ ${r.versionGaps.length} 个单位×年度的版本号不连续或重复：${list(r.versionGaps)}`);
  if (!r.derivedChecked) lines.push('（数据库尚未升级到 0003_derived_values，派生值未检查：启动一次汇总服务即自动升级并补算派生值。）');
  if (r.derivedMismatches.length) {
    lines.push(`✗ ${r.derivedMismatches.length} 条报送记录保存的派生值（比率、合计）与其填报值重新计算的结果不一致（或其指标目录版本、单位类型本系统不认识）：${list(r.derivedMismatches)}`);
  }
  lines.push(r.ok ? '✓ 检查通过：数据完整一致。' : '检查发现问题：请先备份数据库，再联系管理员处理。');
  return lines.join('\n');
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}
