// DOM pieces of the pane: problem lists, derived values, the aggregator's answer. Plain DOM, no
// framework; every text a user sees is Chinese.
import type { Catalogue, UnitType } from '../../../templates/src/core/catalogue';
import { figureOf, type Figures } from '../../../templates/src/core/derive';
import { BOOLEAN_FALSE, BOOLEAN_TRUE } from '../../../templates/src/core/contract';
import { formatNumber } from '../../../templates/src/core/messages';
import type { CellRef, CellValue, Problem } from '../../../templates/src/core/model';
// Severity, review and upload names from the contract, so a unit reads the same words as on the web page.
import { REVIEW_STATE_LABELS as REVIEW_NAMES, reviewStateOf } from '../../../aggregator/src/contract/review';
import { SEVERITY_LABELS as SEVERITY_NAMES } from '../../../aggregator/src/contract/problems';
import { UPLOAD_OUTCOME_LABELS as UPLOAD_NAMES } from '../../../aggregator/src/contract/submissions';
import type { FileResult, SubmissionListItem } from '../core/api-client';
import type { ProblemGroup } from '../core/check';

type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** One clickable problem: clicking selects its first cell in the sheet. */
export function problemItem(problem: Problem, onGo: (ref: CellRef) => void): HTMLElement {
  const ref = problem.cells[0];
  const item = h('li', { class: `problem ${problem.severity}`, 'data-rule': problem.rule, 'data-codes': problem.codes.join(' ') },
    h('span', { class: 'badge' }, SEVERITY_NAMES[problem.severity]),
    h('span', { class: 'message' }, problem.message),
  );
  if (ref) {
    item.setAttribute('data-cell', `${ref.sheet}!${ref.address}`);
    item.setAttribute('role', 'button');
    item.setAttribute('tabindex', '0');
    item.title = `转到 ${ref.sheet}!${ref.address}`;
    item.addEventListener('click', () => onGo(ref));
    item.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') onGo(ref);
    });
  }
  return item;
}

export function problemGroups(groups: ProblemGroup[], onGo: (ref: CellRef) => void): HTMLElement {
  return h('div', { class: 'groups' }, ...groups.map((g) => h('section', { class: 'group', 'data-section': g.section },
    h('h3', {}, `${g.title}（${g.problems.length}）`),
    h('ul', {}, ...g.problems.map((p) => problemItem(p, onGo))),
  )));
}

export function summaryText(problems: Problem[]): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  if (errors === 0 && warnings === 0) return '校验通过：没有发现错误，可以报送。';
  const parts = [errors > 0 ? `${errors} 处${SEVERITY_NAMES.error}（必须改正才能报送）` : '', warnings > 0 ? `${warnings} 处${SEVERITY_NAMES.warning}（请核实，需要时在备注栏说明）` : ''].filter(Boolean);
  return `发现 ${parts.join('，')}。点击条目可转到对应单元格。`;
}

const show = (v: CellValue | null | undefined, unit: string) => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'number') return `${formatNumber(Number(v.toFixed(2)))}${unit === '%' ? '%' : ''}`;
  if (typeof v === 'boolean') return v ? BOOLEAN_TRUE : BOOLEAN_FALSE;
  return String(v);
};

/**
 * Derived rates as the check computed them from the typed inputs, and — when last year's accepted
 * figures are known — every numeric figure beside last year's (its rates as the aggregator stores them).
 */
export function figuresTable(
  catalogue: Catalogue,
  unitType: UnitType,
  now: Figures,
  lastYear: Figures | undefined,
  onGo: (code: string) => void,
): HTMLElement {
  const rows = catalogue.fields.filter((f) => catalogue.appliesTo(f, unitType) && f.section !== 'meta' && (f.derived || (lastYear && ['integer', 'decimal', 'percent'].includes(f.type))));
  const head = h('tr', {}, h('th', {}, '指标'), h('th', {}, '本年'), lastYear ? h('th', {}, '上年') : null);
  return h('table', { class: 'figures' }, h('thead', {}, head), h('tbody', {}, ...rows.map((f) => {
    const tr = h('tr', { 'data-code': f.code, class: f.derived ? 'derived' : '' },
      h('td', {}, f.name_zh),
      h('td', { class: 'num' }, show(figureOf(now, f), f.unit_zh)),
      lastYear ? h('td', { class: 'num' }, show(figureOf(lastYear, f), f.unit_zh)) : null,
    );
    tr.addEventListener('click', () => onGo(f.code));
    return tr;
  })));
}

/** "本单位 2025 年度已报送第 2 版（…），已退回：理由" — what the coordinator made of the current version. */
export function reviewLine(s: SubmissionListItem): HTMLElement {
  // The web page's reading of the stored word (older rows say approved/rejected) and its names.
  const status = s.reviewState ?? reviewStateOf(s.reviewStatus);
  const when = s.uploadedAt ? new Date(s.uploadedAt).toLocaleString('zh-CN', { hour12: false }) : '';
  const returned = status === 'returned';
  return h('p', { class: `review ${status}`, 'data-review': status },
    `本单位 ${s.year} 年度已报送第 ${s.version} 版（${when}），${REVIEW_NAMES[status]}`,
    returned ? `：${s.reviewReason ?? '（未写明理由）'}。请按退回理由修改后重新报送。` : '。',
  );
}

export function answerView(files: FileResult[], onGo: (ref: CellRef) => void): HTMLElement {
  return h('div', { class: 'answer' }, ...files.map((f) => {
    // The web page's words: a refused upload is 已拒收, never 退回, which is the coordinator's review.
    const headline =
      f.outcome === 'stored' ? `${UPLOAD_NAMES.stored}：${f.unitName ?? f.unit ?? ''} ${f.year ?? ''} 年度第 ${f.version ?? '?'} 版`
        : f.outcome === 'duplicate' ? `${UPLOAD_NAMES.duplicate}：与上次报送的内容相同`
        : UPLOAD_NAMES.refused;
    const errors = f.problems.filter((p) => p.severity === 'error');
    return h('div', { class: `result ${f.outcome}`, 'data-outcome': f.outcome },
      h('p', { class: 'headline' }, headline),
      f.outcome === 'refused' ? h('p', {}, `拒收原因（${errors.length} 处${SEVERITY_NAMES.error}），请改正后重新报送：`) : null,
      f.problems.length > 0 ? h('ul', {}, ...f.problems.map((p) => problemItem(p, onGo))) : null,
    );
  }));
}
