// The unit registry (city coordinators): how many units per district, the blank template, and an
// import that replaces or adds units (the server refuses the whole file when any row is wrong).
import { upload } from '../api';
import { h, notice } from '../dom';
import type { Registry } from '../types';

interface ImportAnswer {
  total?: number;
  districts: number;
  cityDepartments: number;
}

export function registryCard(registry: Registry, reload: () => void): HTMLElement {
  const input = h('input', { type: 'file', id: 'registry-file', accept: '.xlsx,.csv' });
  const message = h('div', { id: 'registry-message' });
  const send = h('button', { type: 'button', class: 'secondary', id: 'registry-import' }, '导入名录');
  send.addEventListener('click', () => {
    const file = input.files?.[0];
    if (!file) return void message.replaceChildren(notice('error', '请先选择名录文件（.xlsx 或 .csv）。'));
    const form = new FormData();
    form.append('file', file, file.name);
    send.disabled = true;
    upload<ImportAnswer>('/api/registry', form, () => undefined)
      .then((answer) => {
        message.replaceChildren(notice('ok', `名录已导入：${answer.districts} 个区、${answer.cityDepartments} 个市级部门。`));
        setTimeout(reload, 1500);
      })
      .catch((e: Error) => message.replaceChildren(notice('error', e.message)))
      .finally(() => (send.disabled = false));
  });
  return h('section', { class: 'card', id: 'registry' },
    h('h3', {}, '单位名录'),
    h('p', { class: 'muted' },
      `当前 ${registry.units.length} 家单位：${registry.districts.length} 个区、${registry.cityDepartments.length} 个市级部门。`,
      '导入时有任何一行出错，整份文件都不会导入，并按行号列出错误。'),
    h('div', { class: 'actions' },
      h('a', { class: 'button secondary', href: '/api/registry/template.xlsx', download: '' }, '下载空白名录模板'),
      input, send),
    message);
}
