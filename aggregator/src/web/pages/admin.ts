// Accounts and API tokens (city coordinators only): list, create (one by one, or the unit accounts
// of a district or the city in one step, as an xlsx of one-time passwords), disable, reset a
// password (a one-time password, shown once), and create or revoke the tokens scripts and the Excel
// add-in use. A new token is shown once.
import type { BulkAccountsRequest, PasswordResetAnswer } from '../../contract/accounts';
import { BULK_HEADERS } from '../../contract/accounts';
import { api, get, post, postForFile } from '../api';
import { confirmDialog } from '../modal';
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
    bulkCard(registry, users, reload),
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
  const resetPassword = async (u: User) => {
    const who = u.displayName || u.username;
    const ok = await confirmDialog({
      title: '重置密码',
      message: `为“${who}”（用户名 ${u.username}）生成一次性密码？原密码随即作废，其已登录的会话退出；对方用一次性密码登录后须立即设置新密码。`,
      confirmLabel: '生成一次性密码',
    });
    if (ok === null) return;
    post<PasswordResetAnswer>(`/api/users/${encodeURIComponent(u.id)}/password-reset`)
      .then((answer) =>
        message.replaceChildren(
          notice('ok', `“${who}”的一次性密码（只显示这一次，请抄下后交给本人）：`, h('code', { class: 'token one-time', id: 'one-time-password' }, answer.oneTimePassword)),
        ),
      )
      .catch((e: Error) => message.replaceChildren(notice('error', e.message)));
  };
  return h('div', {},
    message,
    h('table', { class: 'data', id: 'user-table' },
      h('thead', {}, h('tr', {}, ['用户名', '姓名', '角色', '范围', '状态', '操作'].map((t) => h('th', {}, t)))),
      h('tbody', {}, users.map((u) => h('tr', { 'data-user': u.username, class: u.disabled ? 'disabled' : null },
        h('td', {}, u.username), h('td', {}, u.displayName), h('td', {}, ROLE_NAMES[u.role]), h('td', {}, scopeOf(u, registry)),
        h('td', {}, u.disabled ? h('span', { class: 'badge returned' }, '已停用') : u.mustChangePassword ? h('span', { class: 'badge pending' }, '待改密码') : h('span', { class: 'badge accepted' }, '正常')),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'link', onclick: () => void patch(u, { disabled: !u.disabled }, null) }, u.disabled ? '启用' : '停用'),
          h('button', { type: 'button', class: 'link', onclick: () => void resetPassword(u) }, '重置密码'),
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
  const mustChange = h('input', { id: 'new-must-change', type: 'checkbox', checked: true });
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
    h('label', { class: 'check' }, mustChange, ' 首次登录须修改密码（初始密码由您设定，建议勾选）'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '创建账户')), message);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {
      username: username.value.trim(), displayName: displayName.value.trim(), password: password.value, role: role.value,
      unitCode: role.value === 'unit' ? unit.value : null,
      districtCode: role.value === 'district_admin' || role.value === 'leader' ? district.value || null : null,
      mustChangePassword: mustChange.checked,
    };
    post('/api/users', body).then(reload).catch((err: Error) => message.replaceChildren(notice('error', err.message)));
  });
  return form;
}

/** The unit accounts of a district or the city in one step: the answer is the xlsx to hand out. */
function bulkCard(registry: Registry, users: User[], reload: () => void): HTMLElement {
  const withAccount = new Set(users.filter((u) => u.role === 'unit' && u.unitCode).map((u) => u.unitCode));
  const missing = (codes: string[]) => codes.filter((c) => !withAccount.has(c)).length;
  const inDistrict = (code: string) => registry.units.filter((u) => u.districtCode === code && u.level === 'district').map((u) => u.code);
  const scope = h('select', { id: 'bulk-scope' },
    h('option', { value: '' }, `全市（${missing(registry.units.map((u) => u.code))} 个单位尚无账户）`),
    registry.districts.map((d) => h('option', { value: d.code }, `${d.name}（${missing(inDistrict(d.code))} 个单位尚无账户）`)));
  const message = h('div', { id: 'bulk-message' });
  const run = h('button', { type: 'button', class: 'primary', id: 'bulk-create' }, '建立账户并下载清单');
  run.addEventListener('click', () => {
    const name = scope.value ? registry.districts.find((d) => d.code === scope.value)!.name : '全市';
    void confirmDialog({
      title: '批量建立单位账户',
      message: `为${name}名录中尚无账户的单位各建一个填报单位账户（用户名为单位代码），并下载用户名和一次性密码清单。一次性密码只在这份清单中出现一次，请妥善保管。`,
      confirmLabel: '建立并下载',
    }).then((ok) => {
      if (ok === null) return;
      run.disabled = true;
      const body: BulkAccountsRequest = scope.value ? { districtCode: scope.value } : { city: true };
      postForFile('/api/users/bulk', body)
        .then((file) => {
          const created = Number(file.headers.get(BULK_HEADERS.created));
          const skipped = Number(file.headers.get(BULK_HEADERS.skipped));
          message.replaceChildren(notice('ok', `已建立 ${created} 个账户${skipped ? `，${skipped} 个单位已有账户，未变动` : ''}；清单“${file.name}”已下载。请逐一交给各单位，分发完毕后删除该文件。`));
          setTimeout(reload, 4000);
        })
        .catch((e: Error) => message.replaceChildren(notice('error', e.message)))
        .finally(() => (run.disabled = false));
    });
  });
  return h('section', { class: 'card', id: 'bulk-accounts' },
    h('h3', {}, '批量建立单位账户'),
    h('p', { class: 'muted' }, '按单位名录为一个区或全市尚无账户的单位各建一个账户，下载用户名和一次性密码的 Excel 清单分发；单位首次登录后须设置自己的密码。不需要电子邮件。'),
    h('div', { class: 'actions' }, scope, run),
    message);
}
