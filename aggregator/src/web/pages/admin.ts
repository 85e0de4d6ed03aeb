// Accounts and API tokens (city coordinators only): list, create, disable, reset a password, and
// create or revoke the tokens scripts and the Excel add-in use. A new token is shown once.
import { api, get, post } from '../api';
import { formatTime, h, notice } from '../dom';
import { ROLE_NAMES } from '../labels';
import { loadRegistry } from '../state';
import type { Registry, Role, Token, User } from '../types';
import { registryCard } from './registry';
import { yearsCard } from './years';

export async function renderAdmin(main: HTMLElement): Promise<void> {
  const { users } = await get<{ users: User[] }>('/api/users');
  const registry = await loadRegistry();
  const tokens = h('section', { class: 'card', id: 'tokens', hidden: true });
  const reload = () => void renderAdmin(main);
  main.replaceChildren(
    h('h2', {}, '系统管理'),
    h('p', { class: 'lead' }, '账户与令牌、报告年度、单位名录。每人一个账户：填报单位只能报送和查看本单位，区级管理员管理本区，领导只读；离职或调岗请停用账户，不要共用。'),
    h('section', { class: 'card' }, h('h3', {}, `账户（${users.length}）`), userTable(users, registry, tokens, reload)),
    tokens,
    h('section', { class: 'card' }, h('h3', {}, '新建账户'), newUserForm(registry, reload)),
    await yearsCard(reload),
    registryCard(registry, reload),
  );
}

function scopeOf(u: User, registry: Registry): string {
  if (u.unitCode) return registry.units.find((x) => x.code === u.unitCode)?.name ?? u.unitCode;
  if (u.districtCode) return registry.districts.find((d) => d.code === u.districtCode)?.name ?? u.districtCode;
  return u.role === 'unit' ? '—' : '全市';
}

function userTable(users: User[], registry: Registry, tokens: HTMLElement, reload: () => void): HTMLElement {
  const message = h('div', { id: 'user-message' });
  // A refusal shows the server's reason only; a success either redraws the table (the new state is
  // the answer) or, where the table would not change, says so.
  const patch = (u: User, body: Record<string, unknown>, done: string | null) =>
    api('PATCH', `/api/users/${encodeURIComponent(u.id)}`, body)
      .then(() => (done ? message.replaceChildren(notice('ok', done)) : reload()))
      .catch((e: Error) => message.replaceChildren(notice('error', e.message)));
  const resetPassword = (u: User) => {
    const password = prompt(`为“${u.displayName || u.username}”设置新密码（至少 8 位）：`);
    if (password) void patch(u, { password }, `“${u.displayName || u.username}”的密码已重设，其已登录的会话随之失效。`);
  };
  return h('div', {},
    message,
    h('table', { class: 'data', id: 'user-table' },
      h('thead', {}, h('tr', {}, ['用户名', '姓名', '角色', '范围', '状态', '操作'].map((t) => h('th', {}, t)))),
      h('tbody', {}, users.map((u) => h('tr', { 'data-user': u.username, class: u.disabled ? 'disabled' : null },
        h('td', {}, u.username), h('td', {}, u.displayName), h('td', {}, ROLE_NAMES[u.role]), h('td', {}, scopeOf(u, registry)),
        h('td', {}, u.disabled ? h('span', { class: 'badge returned' }, '已停用') : h('span', { class: 'badge accepted' }, '正常')),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'link', onclick: () => void patch(u, { disabled: !u.disabled }, null) }, u.disabled ? '启用' : '停用'),
          h('button', { type: 'button', class: 'link', onclick: () => resetPassword(u) }, '重设密码'),
          h('button', { type: 'button', class: 'link', onclick: () => void showTokens(tokens, u) }, 'API 令牌')))))));
}

async function showTokens(box: HTMLElement, u: User): Promise<void> {
  box.hidden = false;
  const { tokens } = await get<{ tokens: Token[] }>(`/api/users/${encodeURIComponent(u.id)}/tokens`);
  const name = h('input', { id: 'token-name', placeholder: '用途，例如：和平区司法局 Excel 加载项', maxlength: 100 });
  const shown = h('div', { id: 'new-token' });
  const create = h('button', { type: 'button', class: 'primary' }, '创建令牌');
  create.addEventListener('click', () => {
    if (!name.value.trim()) return void shown.replaceChildren(notice('error', '请写明令牌的用途，便于以后识别和吊销。'));
    post<{ token: string }>(`/api/users/${encodeURIComponent(u.id)}/tokens`, { name: name.value.trim() })
      .then(async (answer) => {
        await showTokens(box, u);
        box.querySelector('#new-token')!.replaceChildren(notice('ok', '令牌已创建，只显示这一次，请立即复制保存：', h('code', { class: 'token' }, answer.token)));
      })
      .catch((e: Error) => shown.replaceChildren(notice('error', e.message)));
  });
  const revoke = (t: Token) => {
    if (!confirm(`吊销令牌“${t.name}”？使用它的脚本或加载项将无法再连接。`)) return;
    api('DELETE', `/api/tokens/${encodeURIComponent(t.id)}`).then(() => showTokens(box, u)).catch((e: Error) => shown.replaceChildren(notice('error', e.message)));
  };
  box.replaceChildren(
    h('h3', {}, `${u.displayName || u.username} 的 API 令牌`),
    h('p', { class: 'muted' }, '脚本和 Excel 加载项用令牌代替密码（请求头 Authorization: Bearer 令牌）。令牌与账户权限相同。'),
    tokens.length
      ? h('table', { class: 'data' }, h('thead', {}, h('tr', {}, ['用途', '创建时间', '最近使用', '状态', ''].map((t) => h('th', {}, t)))),
          h('tbody', {}, tokens.map((t) => h('tr', {}, h('td', {}, t.name), h('td', {}, formatTime(t.createdAt)), h('td', {}, formatTime(t.lastUsedAt)),
            h('td', {}, t.revokedAt ? `已于 ${formatTime(t.revokedAt)} 吊销` : '有效'),
            h('td', {}, t.revokedAt ? null : h('button', { type: 'button', class: 'link danger-text', onclick: () => revoke(t) }, '吊销'))))))
      : h('p', { class: 'muted' }, '还没有令牌。'),
    h('div', { class: 'actions' }, name, create),
    shown,
  );
}

function newUserForm(registry: Registry, reload: () => void): HTMLElement {
  const field = (label: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', {}, label), input);
  const username = h('input', { id: 'new-username', required: true, maxlength: 64, autocomplete: 'off' });
  const displayName = h('input', { id: 'new-display-name', required: true, maxlength: 100 });
  const password = h('input', { id: 'new-password', type: 'password', required: true, minlength: 8, autocomplete: 'new-password' });
  const role = h('select', { id: 'new-role' }, (Object.keys(ROLE_NAMES) as Role[]).map((r) => h('option', { value: r }, ROLE_NAMES[r])));
  const unit = h('select', { id: 'new-unit' }, registry.units.map((u) => h('option', { value: u.code }, `${u.name}（${u.code}）`)));
  const district = h('select', { id: 'new-district' }, h('option', { value: '' }, '全市'), registry.districts.map((d) => h('option', { value: d.code }, d.name)));
  const unitField = field('所属单位', unit);
  const districtField = field('所属区', district);
  const sync = () => {
    unitField.hidden = role.value !== 'unit';
    districtField.hidden = role.value !== 'district_admin' && role.value !== 'leader';
    district.options[0].disabled = role.value === 'district_admin';
    if (role.value === 'district_admin' && !district.value) district.selectedIndex = 1;
  };
  role.addEventListener('change', sync);
  sync();
  const message = h('div', {});
  const form = h('form', { class: 'form-grid', id: 'new-user' },
    field('用户名', username), field('姓名', displayName), field('初始密码（至少 8 位）', password), field('角色', role), unitField, districtField,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '创建账户')), message);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {
      username: username.value.trim(), displayName: displayName.value.trim(), password: password.value, role: role.value,
      unitCode: role.value === 'unit' ? unit.value : null,
      districtCode: role.value === 'district_admin' || role.value === 'leader' ? district.value || null : null,
    };
    post('/api/users', body).then(reload).catch((err: Error) => message.replaceChildren(notice('error', err.message)));
  });
  return form;
}
