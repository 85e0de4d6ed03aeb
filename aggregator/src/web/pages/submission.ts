// One submission: who sent what and when, the review (accept / return with reason), its problems,
// its values beside last year's, and the version history with what changed between versions.
import { get, post, query } from '../api';
import { formatTime, fill, h, notice } from '../dom';
import { REVIEW_NAMES, reviewOf } from '../labels';
import { problemList } from '../problems';
import { can, loadRegistry, role } from '../state';
import type { Change, Submission, SubmissionSummary } from '../types';
import { showValue, valuesTable } from '../values';

export async function renderSubmission(main: HTMLElement, _params: URLSearchParams, id: string | undefined): Promise<void> {
  if (!id) throw new Error('缺少报送编号');
  const [s, registry] = await Promise.all([get<Submission>(`/api/submissions/${encodeURIComponent(id)}`), loadRegistry()]);
  const unit = registry.units.find((u) => u.code === s.unitCode);
  const lastYear = s.lastYear ? { values: s.lastYear.values, derived: s.lastYear.derived } : null;
  const review = reviewOf(s);
  const history = h('section', { class: 'card', id: 'history' }, h('h3', {}, '版本历史'), h('p', { class: 'loading' }, '正在加载……'));

  fill(main, 
    h('p', { class: 'crumbs' }, h('a', { href: `#/submissions?year=${s.year}` }, '报送列表'), ' › ', unit?.name ?? s.unitCode),
    h('div', { class: 'page-head' },
      h('h2', {}, unit?.name ?? s.unitCode, h('small', {}, ` ${s.year} 年度 · 第 ${s.version} 版`)),
      h('span', { class: `badge large ${review}`, id: 'review-status' }, REVIEW_NAMES[review])),
    review === 'returned' && s.reviewReason
      ? notice('warn', h('strong', {}, '退回原因：'), s.reviewReason,
          role() === 'unit' && s.isCurrent ? h('span', {}, ' 请按原因修改工作簿后，在', h('a', { href: '#/upload' }, '“上传报送”'), '重新上传，新的版本会重新审核。') : null)
      : null,
    h('section', { class: 'card meta' },
      h('dl', { class: 'facts' },
        fact('单位代码', s.unitCode), fact('单位类型', unit?.typeLabel ?? '—'), fact('所属区', unit?.districtName ?? '市级部门'),
        fact('上传时间', formatTime(s.uploadedAt)), fact('上传人', s.uploadedBy),
        fact('原始文件', h('a', { href: `/api/submissions/${encodeURIComponent(s.id)}/original`, download: '' }, s.fileName.split('/').pop() ?? s.fileName)),
        fact('审核', s.reviewedBy ? `${s.reviewedBy}，${formatTime(s.reviewedAt)}` : '尚未审核'),
        fact('当前版本', s.isCurrent ? '是' : '否（已有更新的版本）'),
        // The draft is written from the unit's current version, so it is offered there only.
        s.isCurrent ? fact('报告草稿', h('a', { id: 'download-draft-unit', href: `/api/reports/${s.year}/draft.docx${query({ level: 'unit', code: s.unitCode })}`, download: '' }, `${s.year} 年度报告草稿（Word）`)) : null)),
    can.review() && s.isCurrent ? (review === 'accepted' ? reopenBox(s) : reviewBox(s)) : null,
    history,
    problemsCard(s),
    h('section', { class: 'card' }, h('h3', {}, '填报值与上年对比'),
      lastYear ? null : h('p', { class: 'muted' }, `${s.year - 1} 年度没有该单位的报送，无法计算同比。`),
      valuesTable(s.catalogueVersion, unit?.unitType ?? 'department', { values: s.values, derived: s.derived }, lastYear, s.problems)),
  );
  void fillHistory(history, s);
}

/** Errors open; a long list of warnings stays folded so the values are in reach. */
function problemsCard(s: Submission): HTMLElement {
  const errors = s.problems.filter((p) => p.severity === 'error');
  const others = s.problems.filter((p) => p.severity !== 'error');
  return h('section', { class: 'card', id: 'problems' },
    h('h3', {}, `问题（${errors.length} 处错误，${others.length} 条警告或提示）`),
    s.problems.length ? null : h('p', { class: 'muted' }, '校验通过，没有问题。'),
    errors.length ? problemList(errors) : null,
    others.length
      ? h('details', { open: others.length <= 8 }, h('summary', {}, `警告和提示（${others.length} 条，多为同比变化较大，请核实；单位在备注中说明的降为提示）`), problemList(others))
      : null);
}

function fact(label: string, value: Node | string): HTMLElement[] {
  return [h('dt', {}, label), h('dd', {}, value)];
}

function reviewBox(s: Submission): HTMLElement {
  const reason = h('textarea', { id: 'return-reason', rows: 3, maxlength: 1000, placeholder: '写明需要单位修改的内容，例如：指标填报!E86 败诉案件数与判决书不符，请核实后重新报送。' });
  const message = h('div', { id: 'review-message' });
  const accept = h('button', { type: 'button', class: 'primary', id: 'accept' }, '审核通过');
  const ret = h('button', { type: 'button', class: 'danger', id: 'return' }, '退回单位修改');
  const act = (action: 'accept' | 'return') => {
    if (action === 'return' && !reason.value.trim()) {
      message.replaceChildren(notice('error', '退回时必须填写原因，单位会看到这段文字。'));
      reason.focus();
      return;
    }
    accept.disabled = ret.disabled = true;
    post(`/api/submissions/${encodeURIComponent(s.id)}/review`, action === 'return' ? { action, reason: reason.value.trim() } : { action })
      .then(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
      .catch((error: unknown) => {
        accept.disabled = ret.disabled = false;
        message.replaceChildren(notice('error', (error as Error).message));
      });
  };
  accept.addEventListener('click', () => act('accept'));
  ret.addEventListener('click', () => act('return'));
  return h('section', { class: 'card review' },
    h('h3', {}, '审核'),
    h('p', { class: 'muted' }, '通过后该单位本年度数据锁定，不能再替换（除非重新开放）；退回后单位会看到原因，重新报送即为答复。'),
    h('label', { class: 'field' }, h('span', {}, '退回原因'), reason),
    message,
    h('div', { class: 'actions' }, ret, h('span', { class: 'spacer' }), accept));
}

/** After acceptance the unit's year is locked; a coordinator may let it replace the submission once more. */
function reopenBox(s: Submission): HTMLElement {
  const reason = h('textarea', { id: 'reopen-reason', rows: 2, maxlength: 1000, placeholder: '例如：单位发现败诉案件数填错，申请更正。' });
  const message = h('div', { id: 'reopen-message' });
  const button = h('button', { type: 'button', class: 'secondary', id: 'reopen' }, '重新开放，允许单位再报送一次');
  button.addEventListener('click', () => {
    if (!reason.value.trim()) return void message.replaceChildren(notice('error', '请填写重新开放的原因，它会记入审计日志。'));
    button.disabled = true;
    post(`/api/units/${encodeURIComponent(s.unitCode)}/reopen`, { year: s.year, reason: reason.value.trim() })
      .then(() => message.replaceChildren(notice('ok', '已重新开放：该单位可以再报送一次，新报送需要重新审核。')))
      .catch((error: unknown) => {
        button.disabled = false;
        message.replaceChildren(notice('error', (error as Error).message));
      });
  });
  return h('section', { class: 'card review' },
    h('h3', {}, '已审核通过'),
    h('p', { class: 'muted' }, '该单位本年度数据已锁定，不能再替换。确需更正时，可重新开放一次（记入审计日志）。'),
    h('label', { class: 'field' }, h('span', {}, '重新开放原因'), reason), message, h('div', { class: 'actions' }, button));
}

async function fillHistory(box: HTMLElement, s: Submission): Promise<void> {
  const title = h('h3', {}, '版本历史');
  try {
    const { versions } = await get<{ versions: SubmissionSummary[] }>(`/api/units/${encodeURIComponent(s.unitCode)}/submissions${query({ year: s.year })}`);
    const sorted = [...versions].sort((a, b) => b.version - a.version);
    const rows = sorted.map((v, i) => {
      const older = sorted[i + 1];
      const diffCell = h('td', {}, older ? h('button', { type: 'button', class: 'link', onclick: () => void showDiff(diffCell, v, older) }, `与第 ${older.version} 版比较`) : h('span', { class: 'muted' }, '首次报送'));
      return h('tr', { 'data-version': v.version, class: v.id === s.id ? 'selected' : null },
        h('td', {}, v.id === s.id ? h('strong', {}, `第 ${v.version} 版`) : h('a', { href: `#/submission/${encodeURIComponent(v.id)}` }, `第 ${v.version} 版`), v.isCurrent ? h('span', { class: 'tag' }, '当前') : null),
        h('td', {}, formatTime(v.uploadedAt)), h('td', {}, v.uploadedBy),
        h('td', {}, h('span', { class: `badge ${reviewOf(v)}` }, REVIEW_NAMES[reviewOf(v)]),
          reviewOf(v) === 'returned' && v.reviewReason ? h('div', { class: 'small muted' }, v.reviewReason) : null),
        diffCell);
    });
    box.replaceChildren(title, h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ['版本', '上传时间', '上传人', '审核', '变化'].map((t) => h('th', {}, t)))), h('tbody', {}, rows)));
    // The shown version's changes against the one before it, open at once: that is what a reviewer checks.
    const mine = sorted.findIndex((v) => v.id === s.id);
    if (sorted[mine + 1]) await showDiff(rows[mine].lastElementChild as HTMLElement, sorted[mine], sorted[mine + 1]);
  } catch (error) {
    box.replaceChildren(title, notice('error', (error as Error).message));
  }
}

async function showDiff(cell: HTMLElement, newer: SubmissionSummary, older: SubmissionSummary): Promise<void> {
  const { changes } = await get<{ changes: Change[] }>(`/api/submissions/${encodeURIComponent(newer.id)}/diff${query({ against: older.id })}`);
  cell.replaceChildren(
    changes.length
      ? h('ul', { class: 'changes' }, changes.map((c) => h('li', { 'data-code': c.code }, h('span', { class: 'name' }, c.name_zh), '：', h('del', {}, showValue(c.before)), ' → ', h('ins', {}, showValue(c.after)))))
      : h('span', { class: 'muted' }, `与第 ${older.version} 版相比填报值没有变化`),
  );
}
