// Removing the demo data a first start loads (sample registry, years 2023/2024) from a store that
// becomes a real deployment: one audited step, shared by the registry page and the CLI.
import { entry } from '../auth/audit';
import type { SampleCounts, SampleRemoval, Store, User } from '../store';

export type SampleActor = User | { username: string; role: string };

/** Drops every sample unit, year, account and submission; the audit entry commits with it. `dryRun`: only tells. */
export function removeSampleData(store: Store, actor: SampleActor, options: { dryRun?: boolean } = {}): Promise<SampleRemoval> {
  return store.removeSample((removal) => entry(actor, 'registry.remove-sample', { detail: { ...removal } }), options);
}

const yearList = (years: readonly number[]) => years.map((y) => `${y}年度`).join('、');

/** What the store still holds of the demo, in one Chinese sentence. */
export function describeSampleCounts(counts: SampleCounts): string {
  if (counts.units === 0 && counts.years.length === 0) return '没有示例数据。';
  const years = counts.years.length > 0 ? yearList(counts.years) : '无';
  return `示例数据：${counts.units} 个示例单位，示例年度：${years}，${counts.accounts} 个示例单位的账号，${counts.submissions} 份示例单位的报送。`;
}

/** What a removal did (or, as a dry run, would do), in Chinese. */
export function describeRemoval(removal: SampleRemoval, dryRun = false): string {
  if (removal.units === 0 && removal.years.length === 0 && removal.keptYears.length === 0) return '没有示例数据可移除，未作任何改动。';
  const parts = [
    `${dryRun ? '试运行（未改动），将移除' : '已移除'}示例数据：${removal.units} 个示例单位`,
    `${removal.years.length} 个示例年度${removal.years.length > 0 ? `（${yearList(removal.years)}）` : ''}`,
    `${removal.accounts} 个账号`,
    `${removal.submissions} 份报送（原件 ${removal.blobs} 份）`,
  ];
  const kept =
    removal.keptYears.length > 0
      ? `${dryRun ? '将保留' : '保留了'}${yearList(removal.keptYears)}：本系统自己的单位已在其中报送或被重新开放，该年度不再视为示例。`
      : '';
  return `${parts.join('，')}。${kept}`;
}
