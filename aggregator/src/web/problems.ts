// Problems as a list: severity, the cell address(es) as chips, then the Chinese message.
import { h } from './dom';
import { SEVERITY_NAMES } from './labels';
import type { Problem } from './types';

export function problemList(problems: Problem[], limit = Infinity): HTMLElement {
  const sorted = [...problems].sort((a, b) => rank(a) - rank(b));
  const shown = sorted.slice(0, limit);
  return h(
    'ul',
    { class: 'problems' },
    shown.map((p) =>
      h(
        'li',
        { class: `problem ${p.severity}`, 'data-rule': p.rule, 'data-codes': p.codes.join(' ') },
        h('span', { class: `sev ${p.severity}` }, SEVERITY_NAMES[p.severity]),
        p.cells.map((c) => h('code', { class: 'cell' }, `${c.sheet}!${c.address}`)),
        h('span', { class: 'msg' }, withoutLeadingCell(p)),
      ),
    ),
    sorted.length > shown.length ? h('li', { class: 'more' }, `另有 ${sorted.length - shown.length} 条未列出，打开报送详情查看全部。`) : null,
  );
}

/** Messages start with the first cell's address; it is already shown as a chip. */
function withoutLeadingCell(p: Problem): string {
  const first = p.cells[0];
  const prefix = first ? `${first.sheet}!${first.address}` : '';
  return prefix && p.message.startsWith(prefix) ? p.message.slice(prefix.length).trimStart() : p.message;
}

function rank(p: Problem): number {
  return p.severity === 'error' ? 0 : p.severity === 'warning' ? 1 : 2;
}
