// The frame around every page: title bar with the signed-in person, the year, and the navigation
// for their role.
import { api } from './api';
import { fill, h } from './dom';
import { ROLE_NAMES } from './labels';
import { can, role, state } from './state';

export const SYSTEM_NAME = '法治政府建设年度指标汇总系统';

interface NavItem {
  path: string;
  label: string;
  visible: () => boolean;
}

export const NAV: NavItem[] = [
  { path: 'progress', label: '填报进度', visible: can.seeProgress },
  { path: 'upload', label: '上传报送', visible: can.upload },
  { path: 'submissions', label: '报送列表', visible: () => role() !== 'leader' },
  { path: 'baseline', label: '上年数据摘录', visible: can.upload },
  { path: 'dashboard', label: '领导看板', visible: can.seeDashboard },
  { path: 'admin', label: '系统管理', visible: can.manageAccounts },
  { path: 'audit', label: '审计日志', visible: can.manageAccounts },
];

export function homePath(): string {
  if (role() === 'leader') return 'dashboard';
  if (role() === 'unit') return 'submissions';
  return 'progress';
}

export function renderShell(root: HTMLElement, current: string, onYear: () => void): HTMLElement {
  const main = h('main', { id: 'main', class: 'content' });
  const user = state.user;
  const yearSelect = h(
    'select',
    { id: 'year', 'aria-label': '报告年度' },
    state.years.map((y) => h('option', { value: y.year, selected: y.year === state.year }, `${y.year} 年度`)),
  );
  yearSelect.addEventListener('change', () => {
    state.year = Number(yearSelect.value);
    onYear();
  });
  const logout = async () => {
    try {
      await api('DELETE', '/api/session');
    } finally {
      location.hash = '#/login';
      location.reload();
    }
  };
  fill(root, 
    h(
      'header',
      { class: 'topbar' },
      h('div', { class: 'brand' }, h('span', { class: 'emblem', 'aria-hidden': 'true' }, '法'), h('span', {}, SYSTEM_NAME)),
      h(
        'div',
        { class: 'who' },
        h('label', { class: 'year-pick' }, '报告年度 ', yearSelect),
        user
          ? [
              h('span', { class: 'user', id: 'user' }, user.displayName || user.username, h('small', {}, ROLE_NAMES[user.role])),
              h('a', { class: 'link light', href: '#/password', id: 'change-password' }, '修改密码'),
              h('button', { class: 'link light', type: 'button', id: 'logout', onclick: () => void logout() }, '退出'),
            ]
          : null,
      ),
    ),
    h(
      'nav',
      { class: 'tabs', 'aria-label': '功能' },
      NAV.filter((n) => n.visible()).map((n) => h('a', { href: `#/${n.path}`, class: n.path === current ? 'active' : null }, n.label)),
    ),
    main,
    h('footer', { class: 'footer' }, `${SYSTEM_NAME} · 数据仅在本单位内网传输`),
  );
  return main;
}
