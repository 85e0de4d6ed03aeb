// Changing one's own password (POST /api/session/password): every account from the top bar, and,
// after signing in with a one-time password, the only page there is until it is done.
import type { PasswordChange } from '../../contract/accounts';
import { MIN_PASSWORD_LENGTH } from '../../contract/accounts';
import { ApiError, post } from '../api';
import { h, notice } from '../dom';
import { SYSTEM_NAME } from '../shell';
import type { User } from '../types';

/** The form; `done` gets the account as it is after the change. */
export function passwordForm(done: (user: User) => void, oneTime: boolean): HTMLFormElement {
  const field = (label: string, input: HTMLElement) => h('label', { class: 'field' }, h('span', {}, label), input);
  const current = h('input', { id: 'password-current', type: 'password', autocomplete: 'current-password', required: true });
  const next = h('input', { id: 'password-next', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD_LENGTH });
  const again = h('input', { id: 'password-again', type: 'password', autocomplete: 'new-password', required: true });
  const message = h('div', { id: 'password-message' });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, '保存新密码');
  const form = h('form', { class: 'password-form', id: 'password-form' },
    field(oneTime ? '一次性密码（管理员发给您的）' : '当前密码', current),
    field(`新密码（至少 ${MIN_PASSWORD_LENGTH} 个字符，不要与用户名相同）`, next),
    field('再输入一次新密码', again),
    message,
    submit);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (next.value !== again.value) return void message.replaceChildren(notice('error', '两次输入的新密码不一致，请重新输入。'));
    submit.disabled = true;
    const body: PasswordChange = { current: current.value, next: next.value };
    post<{ user: User }>('/api/session/password', body)
      .then((answer) => done(answer.user))
      .catch((error: unknown) => {
        message.replaceChildren(notice('error', error instanceof ApiError ? error.message : '修改失败，请稍后重试。'));
        submit.disabled = false;
      });
  });
  return form;
}

/** After a one-time password: nothing else until a password of one's own is set. */
export function renderPasswordRequired(root: HTMLElement, user: User, done: (user: User) => void, logout: () => void): void {
  const form = passwordForm(done, true);
  root.replaceChildren(
    h('div', { class: 'login-page' },
      h('div', { class: 'login-card', id: 'password-required' },
        h('div', { class: 'login-title' }, h('span', { class: 'emblem large', 'aria-hidden': 'true' }, '法'), h('h1', {}, SYSTEM_NAME)),
        h('h2', {}, '请设置您自己的密码'),
        h('p', { class: 'muted' }, `${user.displayName || user.username}（用户名 ${user.username}）：您用一次性密码登录，设置新密码后才能继续使用本系统。一次性密码随即作废。`),
        form,
        h('button', { type: 'button', class: 'link', id: 'password-logout', onclick: logout }, '退出登录'))),
  );
  (form.querySelector('#password-current') as HTMLInputElement).focus();
}

/** #/password: any account changes its own password. */
export async function renderPassword(main: HTMLElement): Promise<void> {
  const box = h('div', {});
  const form = passwordForm(() => box.replaceChildren(notice('ok', '密码已修改。您在其他浏览器或电脑上的登录已随之退出。')), false);
  main.replaceChildren(
    h('h2', {}, '修改密码'),
    h('p', { class: 'lead' }, '修改后，本账号在其他浏览器或电脑上的登录随之退出；当前页面不受影响。'),
    h('section', { class: 'card narrow' }, form, box),
  );
  return Promise.resolve();
}
