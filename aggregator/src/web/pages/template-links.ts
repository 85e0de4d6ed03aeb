// Where units and coordinators get their templates from the page: a unit its own prefilled one, a
// district coordinator the district's zip (and the city coordinator the chosen district's), all of
// them the blank ones. The server checks the scope again.
import { h } from '../dom';
import { state } from '../state';
import type { Registry } from '../types';

const link = (href: string, text: string, id: string) => h('a', { class: 'button secondary', href, download: '', id }, text);

export function templateLinks(year: number, registry: Registry, district: string): HTMLElement | null {
  const user = state.user;
  if (!user || user.role === 'leader') return null;
  const links: HTMLElement[] = [];
  if (user.role === 'unit' && user.unitCode) {
    links.push(link(`/api/templates/${year}/units/${encodeURIComponent(user.unitCode)}.xlsx`, `下载本单位 ${year} 年度填报模板`, 'template-own'));
  }
  const zipDistrict = user.role === 'district_admin' ? user.districtCode : registry.districts.some((d) => d.code === district) ? district : null;
  if (zipDistrict) {
    const name = registry.districts.find((d) => d.code === zipDistrict)?.name ?? zipDistrict;
    links.push(link(`/api/templates/${year}/districts/${encodeURIComponent(zipDistrict)}.zip`, `下载${name}全部单位的预填模板（.zip）`, 'template-district'));
  }
  return h('div', { class: 'actions', id: 'template-links' },
    ...links,
    h('span', { class: 'small muted nowrap' }, '空白模板：',
      h('a', { href: `/api/templates/${year}/blank/department.xlsx`, download: '', id: 'template-blank-department' }, '部门'), '　',
      h('a', { href: `/api/templates/${year}/blank/district_gov.xlsx`, download: '', id: 'template-blank-district_gov' }, '区人民政府')));
}
