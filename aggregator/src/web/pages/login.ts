// Sign in with username and password (POST /api/session); the server sets the session cookie.
import { ApiError, post } from '../api';
import { h, notice } from '../dom';
import { SYSTEM_NAME } from '../shell';
import type { User } from '../types';

export function renderLogin(root: HTMLElement, onSignedIn: (user: User, csrfToken: string) => void, reason?: string): void {
  const message = h('div', { id: 'login-message' }, reason ? notice('info', reason) : null);
  const username = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, maxlength: 100 });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'primary wide' }, '登录');
  const form = h(
    'form',
    { class: 'login-card', id: 'login-form' },
    h('div', { class: 'login-title' }, h('span', { class: 'emblem large', 'aria-hidden': 'true' }, '法'), h('h1', {}, SYSTEM_NAME)),
    h('p', { class: 'muted' }, '区级、市级管理员，填报单位和领导请使用分配的账户登录。'),
    h('label', { class: 'field' }, h('span', {}, '用户名'), username),
    h('label', { class: 'field' }, h('span', {}, '密码'), password),
    message,
    submit,
    h('p', { class: 'muted small' }, '忘记密码或账户被停用，请联系市级管理员。连续输错密码会被暂时限制登录。'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = '正在登录……';
    message.replaceChildren();
    post<{ user: User; csrfToken: string }>('/api/session', { username: username.value.trim(), password: password.value })
      .then((answer) => onSignedIn(answer.user, answer.csrfToken))
      .catch((error: unknown) => {
        const text =
          error instanceof ApiError && error.status === 429
            ? error.message || '登录尝试过于频繁，请稍后再试。'
            : error instanceof ApiError
              ? error.message
              : '登录失败，请稍后重试。';
        message.replaceChildren(notice('error', text));
        submit.disabled = false;
        submit.textContent = '登录';
        password.select();
      });
  });
  root.replaceChildren(h('div', { class: 'login-page' }, form));
  username.focus();
}
