// 上年数据摘录: a unit or its coordinator uploads last year's annual reports, goes through the
// candidate values (each quote highlighted in its sentence, the alternatives as choices), confirms,
// corrects or drops each, and saves: the values become the unit's previous-year baseline.
import { upload } from '../api';
import { append, formatNumber, h, notice } from '../dom';
import { type Alternative, type Baseline, BASELINE_SOURCE_ZH, type Candidate, type ExtractedReport, FLAG_LABELS_ZH } from '../../contract/baselines';
import { loadRegistry, role, state } from '../state';

const ACCEPTED = /\.(docx|pdf|txt|zip)$/i;
const MATCHED_BY = { chosen: '选定的单位', code: '文件名中的单位代码', name: '文件名中的单位名称' } as const;

export async function renderBaseline(main: HTMLElement): Promise<void> {
  let files: File[] = [];
  const year = h('input', { type: 'number', id: 'baseline-year', min: 2000, max: 2100, value: state.year - 1, class: 'short' });
  const input = h('input', { type: 'file', id: 'report-files', multiple: true, accept: '.docx,.pdf,.txt,.zip', class: 'visually-hidden' });
  const list = h('ul', { class: 'file-list', id: 'report-list' });
  const unitSelect = h('select', { id: 'baseline-unit' }, h('option', { value: '' }, '按文件名对应单位'));
  const read = h('button', { type: 'button', class: 'primary', id: 'read-reports', disabled: true }, '读取候选值');
  const message = h('div', { id: 'baseline-message' });
  const results = h('section', { id: 'baseline-results' });

  if (role() !== 'unit') {
    const registry = await loadRegistry();
    for (const u of registry.units) unitSelect.append(h('option', { value: u.code }, u.name));
  }
  const showFiles = () => {
    list.replaceChildren(...files.map((f) => h('li', {}, h('span', { class: 'name' }, f.name))));
    read.disabled = files.length === 0;
  };
  input.addEventListener('change', () => {
    const picked = Array.from(input.files ?? []);
    const wrong = picked.filter((f) => !ACCEPTED.test(f.name));
    files = [...files, ...picked.filter((f) => ACCEPTED.test(f.name))];
    message.replaceChildren(wrong.length ? notice('warn', `以下文件不是 .docx、.pdf、.txt 或 .zip，已忽略：${wrong.map((f) => f.name).join('、')}`) : '');
    input.value = '';
    showFiles();
  });

  read.addEventListener('click', () => {
    const form = new FormData();
    for (const f of files) form.append('files', f, f.name);
    if (unitSelect.value) form.append('unit', unitSelect.value);
    read.disabled = true;
    message.replaceChildren(notice('info', '正在读取报告并查找各指标的数值……'));
    upload<{ reports: ExtractedReport[] }>('/api/baselines/extract', form, () => undefined)
      .then(({ reports }) => {
        message.replaceChildren();
        results.replaceChildren(...reports.map((r) => reportCard(r, fileFor(files, r.file), Number(year.value))));
      })
      .catch((error: Error) => message.replaceChildren(notice('error', error.message)))
      .finally(() => (read.disabled = files.length === 0));
  });

  main.replaceChildren(
    h('h2', {}, '上年数据摘录'),
    h('p', { class: 'lead' }, '上传各单位上一年度已公开的法治政府建设年度报告（Word、文字版 PDF 或纯文本，可打包为 .zip）。系统找出报告中与指标对应的数字并标出原文，请逐项核对：确认、更正或不采用，然后保存。保存的数值作为该单位的上年数据，用于今年的同比，标注“来源：年度报告摘录”；该年度如有正式报送，以报送为准。'),
    h('section', { class: 'card' },
      h('div', { class: 'form-grid' },
        h('label', {}, '报告所述年度 ', year),
        role() !== 'unit' ? h('label', {}, '单位 ', unitSelect) : null),
      h('label', { class: 'dropzone', for: 'report-files', id: 'report-drop' }, h('strong', {}, '选择上年度的年度报告'), h('span', {}, '.docx、.pdf、.txt，或装有它们的 .zip；文件名含单位名称即可自动对应单位'), input),
      list,
      h('div', { class: 'actions' }, h('span', { class: 'spacer' }), read),
      message),
    results,
  );
}

/** The uploaded file a report came from: itself, or the zip it was in. */
function fileFor(files: File[], path: string): File | undefined {
  return files.find((f) => f.name === path) ?? files.find((f) => path.startsWith(`${f.name}/`));
}

function reportCard(report: ExtractedReport, file: File | undefined, year: number): HTMLElement {
  const card = h('section', { class: 'card report', 'data-file': report.file });
  const title = h('h3', {}, report.unit ? report.unit.name : report.file);
  if (report.error || !report.unit) {
    card.append(title, h('p', { class: 'muted small' }, report.file), notice('error', report.error?.message ?? '没有找到对应的单位'));
    return card;
  }
  const rows = report.candidates.map((c) => candidateItem(report.file, c));
  const status = h('div', { class: 'save-status' });
  const save = h('button', { type: 'button', class: 'primary save' }, `保存为 ${year} 年度上年数据`);
  save.addEventListener('click', () => {
    if (!file) return void status.replaceChildren(notice('error', '找不到这份报告的文件，请重新选择文件后再读取。'));
    const form = new FormData();
    form.append('file', file, file.name);
    if (report.file !== file.name) form.append('entry', report.file);
    form.append('values', JSON.stringify({ items: rows.map((r) => r.decision()) }));
    save.disabled = true;
    upload<{ baseline: Baseline }>(`/api/baselines/${year}/units/${encodeURIComponent(report.unit!.code)}`, form, () => undefined, 'PUT')
      .then(({ baseline }) => {
        const kept = Object.keys(baseline.values).length;
        status.replaceChildren(notice('ok', `已保存：${kept} 项数值作为 ${baseline.year} 年度上年数据（第 ${baseline.version} 版，${BASELINE_SOURCE_ZH}）。`));
        card.classList.add('saved');
      })
      .catch((error: Error) => status.replaceChildren(notice('error', error.message)))
      .finally(() => (save.disabled = false));
  });
  const yearWarning = report.reportYear !== null && report.reportYear !== year ? notice('warn', `报告标题中的年度是 ${report.reportYear} 年，与所选的 ${year} 年不同，请核对。`) : null;
  append(
    card,
    [
      title,
      h('p', { class: 'muted small' }, `${report.file} · 按${MATCHED_BY[report.matchedBy ?? 'name']}对应 · 找到 ${report.candidates.length} 个指标的候选值`),
      yearWarning,
      rows.length ? h('ol', { class: 'candidates' }, rows.map((r) => r.element)) : notice('info', '报告中没有找到与指标对应的数字。'),
      h('div', { class: 'actions' }, status, h('span', { class: 'spacer' }), save),
    ],
  );
  return card;
}

interface Row {
  element: HTMLElement;
  decision(): { code: string; decision: 'confirmed' | 'corrected' | 'dropped'; value?: number | boolean; extracted: number | boolean; quote?: Candidate['quote'] };
}

function candidateItem(file: string, c: Candidate): Row {
  const group = `${file}|${c.code}`;
  const options: Alternative[] = [c, ...c.alternatives.filter((a) => a.value !== c.value)];
  const radios = options.map((o, i) => h('input', { type: 'radio', name: group, value: `option-${i}`, checked: i === 0 }));
  const correctRadio = h('input', { type: 'radio', name: group, value: 'correct' });
  const dropRadio = h('input', { type: 'radio', name: group, value: 'drop' });
  const correction =
    typeof c.value === 'boolean'
      ? h('select', { class: 'correction', 'aria-label': `${c.name} 更正值` }, h('option', { value: 'true' }, '是'), h('option', { value: 'false' }, '否'))
      : h('input', { type: 'number', min: 0, step: 'any', class: 'correction short', 'aria-label': `${c.name} 更正值` });
  correction.addEventListener('focus', () => (correctRadio.checked = true));
  const element = h(
    'li',
    { class: 'candidate', 'data-code': c.code },
    h('div', { class: 'candidate-head' }, h('strong', {}, c.name), h('code', { class: 'muted' }, c.code), h('span', { class: 'score muted small' }, `得分 ${c.score.toFixed(2)}`)),
    sentenceWithQuote(c),
    h('fieldset', { class: 'choices' },
      h('legend', { class: 'visually-hidden' }, `${c.name} 的取值`),
      options.map((o, i) => h('label', { class: 'choice' }, radios[i], ' 采用 ', h('b', {}, valueText(o, c.unit)), i > 0 ? h('span', { class: 'muted small' }, `（原文：${o.quote.text}）`) : null)),
      h('label', { class: 'choice' }, correctRadio, ' 更正为 ', correction, typeof c.value === 'number' ? ` ${c.unit}` : ''),
      h('label', { class: 'choice' }, dropRadio, ' 不采用')),
    c.flags.length || c.problems.length
      ? h('ul', { class: 'flags' }, c.flags.filter((f) => f !== 'part_exceeds_whole').map((f) => h('li', {}, FLAG_LABELS_ZH[f])), c.problems.map((p) => h('li', { class: 'bad' }, `${p.rule}：${p.message}`)))
      : null,
  );
  return {
    element,
    decision() {
      if (dropRadio.checked) return { code: c.code, decision: 'dropped', extracted: c.value };
      if (correctRadio.checked) {
        const value = correction instanceof HTMLSelectElement ? correction.value === 'true' : correction.value === '' ? undefined : Number(correction.value);
        return { code: c.code, decision: 'corrected', value, extracted: c.value, quote: c.quote };
      }
      const chosen = options[radios.findIndex((r) => r.checked)];
      return { code: c.code, decision: 'confirmed', value: chosen.value, extracted: c.value, quote: chosen.quote };
    },
  };
}

/** The sentence with the candidate's clause marked and its figure in bold. */
function sentenceWithQuote(c: Candidate): HTMLElement {
  const s = c.sentence;
  const at = (offset: number) => Math.min(Math.max(offset - s.start, 0), s.text.length);
  const [qs, qe] = [at(c.quote.start), at(c.quote.end)];
  const mark = h('mark', {});
  if (c.number) {
    const [ns, ne] = [at(c.number.start) - qs, at(c.number.end) - qs];
    const quote = s.text.slice(qs, qe);
    mark.append(quote.slice(0, ns), h('strong', {}, quote.slice(ns, ne)), quote.slice(ne));
  } else mark.append(s.text.slice(qs, qe));
  return h('blockquote', { class: 'sentence' }, s.text.slice(0, qs), mark, s.text.slice(qe));
}

function valueText(o: Alternative, unit: string): string {
  if (typeof o.value === 'boolean') return o.value ? '是' : '否';
  return `${o.approx ? '约 ' : ''}${formatNumber(o.value)} ${unit}`;
}
