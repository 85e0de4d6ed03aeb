// Upload: drop or pick many workbooks or zips, optionally only check them (dry run), watch the
// progress, then read each file's status and its cell-addressed problems.
import { upload } from '../api';
import { formatNumber, h, notice } from '../dom';
import { UPLOAD_NAMES } from '../labels';
import { problemList } from '../problems';
import { role } from '../state';
import type { FileResult, UploadAnswer } from '../types';

const ACCEPTED = /\.(xlsx|zip)$/i;

export async function renderUpload(main: HTMLElement): Promise<void> {
  let files: File[] = [];
  const input = h('input', { type: 'file', id: 'files', multiple: true, accept: '.xlsx,.zip', class: 'visually-hidden' });
  const list = h('ul', { class: 'file-list', id: 'file-list' });
  const dryRun = h('input', { type: 'checkbox', id: 'dry-run' });
  const start = h('button', { type: 'button', class: 'primary', id: 'start-upload', disabled: true }, '开始上传');
  const clear = h('button', { type: 'button', class: 'secondary', disabled: true }, '清空');
  const bar = h('progress', { id: 'upload-progress', max: 100, value: 0 });
  const barText = h('span', { class: 'progress-text' });
  const progress = h('div', { class: 'progress', hidden: true }, bar, barText);
  const message = h('div', { id: 'upload-message' });
  const results = h('section', { id: 'upload-results' });

  const showFiles = () => {
    list.replaceChildren(
      ...files.map((f, i) =>
        h('li', {}, h('span', { class: 'name' }, f.name), h('span', { class: 'size' }, sizeOf(f.size)),
          h('button', { type: 'button', class: 'link', 'aria-label': `移除 ${f.name}`, onclick: () => { files.splice(i, 1); showFiles(); } }, '移除')),
      ),
    );
    start.disabled = clear.disabled = files.length === 0;
    start.textContent = files.length ? `开始上传（${files.length} 个文件）` : '开始上传';
  };
  const add = (picked: FileList | File[]) => {
    const all = Array.from(picked);
    const wrong = all.filter((f) => !ACCEPTED.test(f.name));
    files = [...files, ...all.filter((f) => ACCEPTED.test(f.name) && !files.some((g) => g.name === f.name && g.size === f.size))];
    message.replaceChildren(
      wrong.length ? notice('warn', `以下文件不是 .xlsx 工作簿或 .zip 压缩包，已忽略：${wrong.map((f) => f.name).join('、')}。WPS 或旧版 Excel 的文件请先“另存为 .xlsx”。`) : '',
    );
    showFiles();
  };
  input.addEventListener('change', () => {
    if (input.files) add(input.files);
    input.value = '';
  });
  clear.addEventListener('click', () => {
    files = [];
    showFiles();
  });

  const drop = h(
    'label',
    { class: 'dropzone', for: 'files', id: 'dropzone' },
    h('strong', {}, '把工作簿或压缩包拖到这里'),
    h('span', {}, '或 ', h('span', { class: 'link' }, '点击选择文件'), '（可多选 .xlsx，或装有 .xlsx 的 .zip）'),
    input,
  );
  for (const type of ['dragenter', 'dragover']) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
  for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    if (e.dataTransfer?.files) add(e.dataTransfer.files);
  });

  start.addEventListener('click', () => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    start.disabled = clear.disabled = true;
    progress.hidden = false;
    results.replaceChildren();
    message.replaceChildren();
    const url = `/api/submissions${dryRun.checked ? '?dryRun=1' : ''}`;
    upload<UploadAnswer>(url, form, (sent, total) => {
      const pct = Math.round((sent / total) * 100);
      bar.value = pct;
      barText.textContent = pct < 100 ? `正在上传 ${sizeOf(sent)} / ${sizeOf(total)}（${pct}%）` : '上传完成，服务器正在逐个校验……';
    })
      .then((answer) => {
        bar.value = 100;
        barText.textContent = answer.dryRun ? '检查完成（试运行，未保存）' : '处理完成';
        results.replaceChildren(resultTable(answer));
        files = [];
        showFiles();
      })
      .catch((error: Error) => {
        progress.hidden = true;
        message.replaceChildren(notice('error', error.message));
        start.disabled = clear.disabled = files.length === 0;
      });
  });

  main.replaceChildren(
    h('h2', {}, '上传报送'),
    h('p', { class: 'lead' }, role() === 'unit'
      ? '上传本单位填好的标准填报表。系统立即校验：合格的表成为本单位本年度的新版本，等待审核；有错误的表不保存，并指出出错的单元格，改正后重新上传即可。'
      : '上传各单位填好的标准填报表。系统逐个校验：合格的表成为该单位本年度的新版本；有错误的表不保存，并指出出错的单元格。'),
    h('section', { class: 'card' }, drop, list, h('div', { class: 'actions' },
      h('label', { class: 'check' }, dryRun, ' 只检查，不保存（试运行）'), h('span', { class: 'spacer' }), clear, start), progress, message),
    results,
  );
}

function resultTable(answer: UploadAnswer): HTMLElement {
  const s = answer.outcomes;
  return h(
    'div',
    { class: 'card' },
    h('h3', {}, answer.dryRun ? '检查结果（试运行：没有保存任何文件）' : '上传结果'),
    h('p', { class: 'summary' },
      h('span', { class: 'badge stored' }, `${answer.dryRun ? '合格' : UPLOAD_NAMES.stored} ${s.stored}`),
      h('span', { class: 'badge refused' }, `${UPLOAD_NAMES.refused} ${s.refused}`),
      h('span', { class: 'badge duplicate' }, `重复 ${s.duplicate}`)),
    h('table', { class: 'data results' },
      h('thead', {}, h('tr', {}, ['文件', '单位', '年度', '结果', '版本', '问题与处理'].map((t) => h('th', {}, t)))),
      h('tbody', {}, answer.files.map((f) => resultRow(f, answer.dryRun)))),
  );
}

function resultRow(f: FileResult, dryRun: boolean): HTMLElement {
  const label = dryRun && f.outcome === 'stored' ? '合格' : UPLOAD_NAMES[f.outcome];
  const errors = f.problems.filter((p) => p.severity === 'error').length;
  return h(
    'tr',
    { 'data-outcome': f.outcome, 'data-file': f.file },
    h('td', { class: 'file' }, f.file),
    h('td', {}, f.unitName ?? f.unit ?? '—'),
    h('td', {}, f.year ?? '—'),
    h('td', {}, h('span', { class: `badge ${f.outcome}` }, label), errors ? h('div', { class: 'small muted' }, `${formatNumber(errors)} 处错误`) : null),
    h('td', {}, f.version ? `第 ${f.version} 版` : '—'),
    h('td', {}, f.problems.length ? problemList(f.problems, 8) : h('span', { class: 'muted' }, '无问题'),
      f.submissionId && !dryRun ? h('a', { href: `#/submission/${encodeURIComponent(f.submissionId)}`, class: 'more-link' }, '查看报送详情 ›') : null),
  );
}

function sizeOf(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
