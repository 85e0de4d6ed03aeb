import { normalizeReport, toOriginal } from './text';

describe('normalizeReport', () => {
  it('maps every character back to the original, so quotes are exact slices', () => {
    const original = '\ufeff  一、主要成效\r\n全区共审结行政复议案件６０ 件。\r\n';
    const norm = normalizeReport(original);
    expect(norm.text).toBe('一、主要成效\n全区共审结行政复议案件60件。\n');
    const at = norm.text.indexOf('60件');
    const quote = toOriginal(norm, at, at + 3);
    expect(quote.text).toBe('６０ 件');
    expect(original.slice(quote.start, quote.end)).toBe(quote.text);
  });

  it('drops spaces between CJK characters and the digits beside them, as PDF text puts them', () => {
    expect(normalizeReport('行 政 复 议 60 件，2023 2024').text).toBe('行政复议60件，2023 2024');
  });

  it('re-joins lines broken at the page width, not headings or short last lines', () => {
    const wide = '区政府自觉接受区人大及其常委会的法律监督、工作监督和区政协的民主监督，全年共';
    const original = [
      '一、主要工作成效',
      wide,
      '办复建议提案135件，按时办复率达到100%。',
      '（一）依法行政制度',
      wide,
      '- 2 -',
      '审结60件。',
    ].join('\n');
    const lines = normalizeReport(original).text.split('\n');
    expect(lines).toEqual([
      '一、主要工作成效',
      `${wide}办复建议提案135件，按时办复率达到100%。`,
      '（一）依法行政制度',
      `${wide}审结60件。`,
    ]);
  });
});
