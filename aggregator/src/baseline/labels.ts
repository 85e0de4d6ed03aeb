// Chinese words for the extractor's flags, shared by the CLI table and the confirmation page.
import type { CandidateFlag } from './extract';

export const FLAG_LABELS_ZH: Readonly<Record<CandidateFlag, string>> = {
  approx: '约数（原文为“约/余/多”），请核对准确数',
  cumulative: '原文为累计或截至数，请核对是否为本年度数',
  multi_year: '原文为多年合计，请核对本年度数',
  other_year: '原文说的是其他年度，请核对',
  change: '原文是增减量而非总数，请核对',
  part_exceeds_whole: '与其他摘录值矛盾（部分大于整体），请核对',
};

/** Short forms for a table cell. */
export const FLAG_SHORT_ZH: Readonly<Record<CandidateFlag, string>> = {
  approx: '约数',
  cumulative: '累计',
  multi_year: '多年',
  other_year: '他年',
  change: '增减量',
  part_exceeds_whole: '部分>整体',
};

export const formatValue = (value: number | boolean, approx = false): string =>
  typeof value === 'boolean' ? (value ? '是' : '否') : `${approx ? '约' : ''}${value}`;
