// The unit registry (city coordinators): how many units per district, the blank template, an
// import that replaces or adds units (the server refuses the whole file when any row is wrong), and
// while the demo data of a first start is there, the one step that removes it.
import { get, post, upload } from '../api';
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
    h('p', { class: 'muted', id: 'registry-count' },
      `当前 ${registry.units.length} 家单位：${registry.districts.length} 个区、${registry.cityDepartments.length} 个市级部门。`,
      withoutEnforcement(registry.units),
      '导入时有任何一行出错，整份文件都不会导入，并按行号列出错误。'),
    h('div', { class: 'actions' },
      h('a', { class: 'button secondary', href: '/api/registry/template.xlsx', download: '' }, '下载空白名录模板'),
      input, send),
    message,
    sampleBlock(reload));
}

interface SampleCounts {
  units: number;
  years: number[];
  message: string;
}

/** Shown only while the store holds sample data; filled in once the counts arrive. */
function sampleBlock(reload: () => void): HTMLElement {
  const block = h('div', { id: 'registry-sample', hidden: true });
  void get<SampleCounts>('/api/registry/sample').then((counts) => {
    if (counts.units === 0 && counts.years.length === 0) return;
    const message = h('div', { id: 'registry-sample-message' });
    const remove = h('button', { type: 'button', class: 'danger', id: 'registry-remove-sample' }, '移除示例数据');
    remove.addEventListener('click', () => {
      if (!confirm('移除全部示例数据？示例单位及其账号、报送将被删除，没有本系统数据的示例年度一并删除；本系统自己导入的单位和报送不受影响。此操作记入审计日志，不能撤销。')) return;
      remove.disabled = true;
      post<{ message: string }>('/api/registry/remove-sample')
        .then((answer) => {
          message.replaceChildren(notice('ok', answer.message));
          setTimeout(reload, 2500);
        })
        .catch((e: Error) => {
          remove.disabled = false;
          message.replaceChildren(notice('error', e.message));
        });
    });
    block.replaceChildren(
      h('h4', {}, '示例数据'),
      h('p', { class: 'muted' }, counts.message, '正式使用前，请先导入本地的单位名录，再移除示例数据（也可在服务器上运行 npm run registry -- remove-sample）。'),
      h('div', { class: 'actions' }, remove),
      message,
    );
    block.hidden = false;
  }, () => undefined);
  return block;
}

/** The units the registry marks 有行政执法职能 = 否 (they do not fill the 行政执法 indicators). */
function withoutEnforcement(units: readonly { name: string; hasEnforcement?: boolean }[]): string {
  const none = units.filter((u) => u.hasEnforcement === false);
  if (none.length === 0) return '';
  const names = none.slice(0, 5).map((u) => u.name).join('、');
  return `其中 ${none.length} 家登记为无行政执法职能（${names}${none.length > 5 ? '等' : ''}），不填报行政执法指标。`;
}
