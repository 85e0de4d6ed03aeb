// The current submission of each unit for the year (scoped by the server), filterable by district
// and review state, with a link to each one's detail.
import { get, query } from '../api';
import { formatTime, h } from '../dom';
import { REVIEW_NAMES, reviewOf } from '../labels';
import { loadRegistry, role, state } from '../state';
import type { ReviewStatus, SubmissionSummary } from '../types';
import { templateLinks } from './template-links';

export async function renderSubmissions(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const year = state.year;
  const district = params.get('district') ?? '';
  const [registry, list] = await Promise.all([loadRegistry(), get<{ submissions: SubmissionSummary[] }>(`/api/submissions${query({ year, district: district === 'city_departments' ? undefined : district })}`)]);
  const units = new Map(registry.units.map((u) => [u.code, u]));
  // The groups are the server's (one rule tells a 市级部门 from a district's unit): filter by membership.
  const members = district === 'city_departments' ? registry.cityDepartments : (registry.districts.find((d) => d.code === district)?.units ?? []);
  const inGroup = new Set(members.map((u) => u.code));
  const rows = list.submissions.filter((s) => !district || inGroup.has(s.unitCode));

  const status = h('select', { id: 'review-filter', 'aria-label': '审核状态' },
    h('option', { value: '' }, '全部状态'),
    (Object.keys(REVIEW_NAMES) as ReviewStatus[]).map((k) => h('option', { value: k }, REVIEW_NAMES[k])));
  const districtPick = h('select', { id: 'district-filter', 'aria-label': '区' },
    h('option', { value: '' }, '全部区和部门'),
    registry.districts.map((d) => h('option', { value: d.code, selected: d.code === district }, d.name)),
    registry.cityDepartments.length ? h('option', { value: 'city_departments', selected: district === 'city_departments' }, '市级部门') : null);
  districtPick.addEventListener('change', () => {
    location.hash = `#/submissions?year=${year}${districtPick.value ? `&district=${districtPick.value}` : ''}`;
  });
  const body = h('tbody', {});
  const show = () => {
    const shown = rows.filter((s) => !status.value || reviewOf(s) === status.value);
    body.replaceChildren(
      ...shown.map((s) => {
        const u = units.get(s.unitCode);
        const review = reviewOf(s);
        return h('tr', { 'data-unit': s.unitCode, 'data-review': review },
          h('td', {}, h('a', { href: `#/submission/${encodeURIComponent(s.id)}` }, u?.name ?? s.unitCode)),
          h('td', {}, u?.districtName ?? '市级部门'),
          h('td', {}, `第 ${s.version} 版`),
          h('td', {}, h('span', { class: `badge ${review}` }, REVIEW_NAMES[review]), s.reviewReason && review === 'returned' ? h('div', { class: 'small muted' }, s.reviewReason) : null),
          h('td', { class: 'num' }, s.warnings ?? 0),
          h('td', {}, formatTime(s.uploadedAt)),
          h('td', {}, h('a', { href: `#/submission/${encodeURIComponent(s.id)}` }, '查看 ›')));
      }),
    );
    if (!shown.length) body.append(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, rows.length ? '没有符合条件的报送。' : `${year} 年度还没有报送。`)));
  };
  status.addEventListener('change', show);
  show();

  main.replaceChildren(
    h('div', { class: 'page-head' }, h('h2', {}, `${year} 年度报送列表`),
      h('div', { class: 'head-actions' }, role() === 'unit' ? null : districtPick, status)),
    h('p', { class: 'lead' }, '每个单位只列当前版本；点单位名称查看填报值、问题、版本历史并审核。'),
    templateLinks(year, registry, district) ?? '',
    h('table', { class: 'data', id: 'submission-table' },
      h('thead', {}, h('tr', {}, ['单位', '所属区', '版本', '审核状态'].map((t) => h('th', {}, t)), h('th', { class: 'num' }, '警告'), h('th', {}, '上传时间'), h('th', {}))),
      body),
  );
}
