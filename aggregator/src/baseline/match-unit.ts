// Which unit of the registry a report file belongs to, from its file name: a unit code in the
// name, or the unit's name (full or without the city prefix) once the year and the words every
// report title has are taken away. Pure; a name that fits no unit or several gives a reason.
export interface UnitRef {
  code: string;
  name: string;
  unitType: 'department' | 'district_gov';
  districtName: string | null;
}

export type UnitMatch<U extends UnitRef> = { unit: U; by: 'code' | 'name' } | { unit: null; reason: string };

/** Words of a report's title that name no unit. */
const TITLE_WORDS = /(关于|20\d{2}\s*年?度?|法治政府建设|法治建设|依法行政|工作|年度|情况|报告|总结|的)/g;
const EXTENSION = /\.[A-Za-z0-9]{1,5}$/;

export function matchUnitByFileName<U extends UnitRef>(fileName: string, units: readonly U[]): UnitMatch<U> {
  const base = fileName.split(/[/\\]/).pop()!.replace(EXTENSION, '');
  const byCode = units.filter((u) => new RegExp(`(^|[^0-9A-Za-z])${escape(u.code)}([^0-9A-Za-z]|$)`).test(base));
  if (byCode.length === 1) return { unit: byCode[0], by: 'code' };

  const stem = base.replace(TITLE_WORDS, '').replace(/[\s_\-—（）()【】[\]《》“”"'.,，、]/g, '');
  if (stem.length < 2) return { unit: null, reason: `文件名“${fileName}”中看不出单位名称：请在文件名中写明单位全称或单位代码，或上传时选择单位` };
  const short = (name: string) => name.replace(/^(天津市|.{2,3}省|.{2,3}市)/, '');
  const fits = units.filter((u) => {
    const names = [u.name, short(u.name)];
    return names.some((n) => n.length >= 2 && (n.includes(stem) || stem.includes(n)));
  });
  // A district's own name (河北区, 河北区政府) stands for its 区人民政府.
  const districtGov = units.filter((u) => u.unitType === 'district_gov' && u.districtName && stem.replace(/(人民)?政府$/, '') === u.districtName);
  const candidates = districtGov.length === 1 ? districtGov : fits;
  if (candidates.length === 1) return { unit: candidates[0], by: 'name' };
  if (candidates.length === 0) return { unit: null, reason: `文件名“${fileName}”与名录中的单位都对不上：请把文件名改为单位全称，或上传时选择单位` };
  // Prefer the one whose name is the longest match (市司法局 in 和平区司法局 is still ambiguous).
  const exact = candidates.filter((u) => short(u.name) === stem || u.name === stem);
  if (exact.length === 1) return { unit: exact[0], by: 'name' };
  const names = candidates.slice(0, 4).map((u) => u.name).join('、');
  return { unit: null, reason: `文件名“${fileName}”可能属于多个单位（${names}${candidates.length > 4 ? '等' : ''}）：请在文件名中写明单位全称，或上传时选择单位` };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
