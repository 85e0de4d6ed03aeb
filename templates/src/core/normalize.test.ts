import { currentCatalogue } from './catalogue';
import type { Indicator } from './catalogue';
import { NUMBER_ADVICE } from './messages';
import type { RawCell } from './model';
import { NORMALISATIONS_ZH, NO_GUESS_ZH, normalizeCell } from './normalize';

const cat = currentCatalogue();
const field = (code: string): Indicator => cat.field(code)!;
const integer = field('recon.accepted'); // integer, min 0
const decimal = field('disp.mediation_amount'); // decimal 万元
const bool = field('meta.report_published');
const date = field('meta.report_submitted_date');
const text = field('meta.contact');

const str = (value: string): RawCell => ({ kind: 'string', value });
const num = (value: number): RawCell => ({ kind: 'number', value });
const ok = (f: Indicator, raw: RawCell, opts?: { date1904?: boolean }) => {
  const r = normalizeCell(f, raw, opts);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.value;
};
const reason = (f: Indicator, raw: RawCell) => {
  const r = normalizeCell(f, raw);
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.reason;
};

describe('blank and whitespace', () => {
  it.each([
    ['empty cell', { kind: 'empty' } as RawCell],
    ['empty string', str('')],
    ['spaces', str('   ')],
    ['full-width space U+3000', str('\u3000\u3000')],
    ['NBSP', str('\u00a0')],
  ])('%s is blank for every type', (_, raw) => {
    for (const f of [integer, decimal, bool, date, text]) expect(ok(f, raw)).toBeNull();
  });

  it('trims surrounding whitespace including U+3000 and NBSP', () => {
    expect(ok(integer, str('\u3000 12\u00a0'))).toBe(12);
    expect(ok(text, str('\u3000张三 022-1234\u00a0 '))).toBe('张三 022-1234');
    expect(ok(bool, str(' 是\u3000'))).toBe(true);
  });
});

describe('numbers', () => {
  it.each([
    ['number cell', num(7), 7],
    ['plain text', str('12'), 12],
    ['zero', str('0'), 0],
    ['full-width digits', str('１２３'), 123],
    ['full-width decimal point', str('１２．５'), 12.5],
    ['full-width minus', str('－３'), -3],
    ['thousands separator', str('1,234'), 1234],
    ['full-width thousands separator', str('１，２３４'), 1234],
    ['grouped with fraction', str('12,345,678.5'), 12345678.5],
  ])('decimal field accepts %s', (_, raw, expected) => {
    expect(ok(decimal, raw)).toBe(expected);
  });

  it('integer field accepts whole numbers written as 12.0 and rejects fractions', () => {
    expect(ok(integer, str('12.0'))).toBe(12);
    expect(reason(integer, num(12.5))).toContain('12.5 不是整数');
    expect(reason(integer, str('12.5'))).toContain('不是整数');
  });

  it('rejects a wrong thousands grouping and says how to write it', () => {
    const r = reason(integer, str('1,23'));
    expect(r).toContain('“1,23”');
    expect(r).toContain('千分位');
    expect(reason(integer, str('12,34,567'))).toContain('千分位');
  });

  it.each(['约100', '100余', '12件', '10%', '一百', '1.2.3', '--', '+5', '1e3', '12 34'])(
    'rejects %s, quoting the text and giving the number advice',
    (input) => {
      const r = reason(integer, str(input));
      expect(r).toContain(`“${input}”`);
      expect(r).toContain(NUMBER_ADVICE);
      expect(r).toContain('应填写0～1000000之间的整数（单位：件）');
    },
  );

  it('rejects 不适用 in an applicable numeric field with its own explanation', () => {
    expect(reason(integer, str('不适用'))).toContain('本指标适用于本单位，不能填“不适用”');
  });

  it('rejects a TRUE/FALSE cell in a number field', () => {
    expect(reason(integer, { kind: 'boolean', value: true })).toContain('逻辑值 TRUE');
  });

  it('refuses integers past 2^53, quoting the digits the unit typed (a double would store …992)', () => {
    expect(ok(integer, num(Number.MAX_SAFE_INTEGER))).toBe(9007199254740991);
    const r = reason(integer, str('9007199254740993'));
    expect(r).toContain('填报值 9007199254740993 过大，超过了能精确保存的数值（9007199254740991）');
    expect(reason(integer, num(1e308))).toContain('填报值 1e+308 过大');
    expect(reason(decimal, num(-1e20))).toContain('过大');
  });

  it('keeps negative numbers for the range check to report', () => {
    expect(ok(integer, str('-3'))).toBe(-3);
  });
});

describe('booleans', () => {
  it('accepts the texts 是 and 否 only', () => {
    expect(ok(bool, str('是'))).toBe(true);
    expect(ok(bool, str('否'))).toBe(false);
  });

  it.each([
    ['TRUE cell', { kind: 'boolean', value: true } as RawCell],
    ['FALSE cell', { kind: 'boolean', value: false } as RawCell],
    ['Y', str('Y')],
    ['对', str('对')],
    ['1 as a number', num(1)],
    ['是的', str('是的')],
  ])('rejects %s with the drop-down advice', (_, raw) => {
    expect(reason(bool, raw)).toContain('请从下拉列表选择“是”或“否”');
  });
});

describe('dates', () => {
  it.each([
    ['ISO', '2025-02-28'],
    ['slashes', '2025/2/28'],
    ['dots', '2025.2.28'],
    ['Chinese', '2025年2月28日'],
    ['full-width digits', '２０２５年２月２８日'],
    ['padded slashes', '2025/02/28'],
  ])('accepts %s text', (_, input) => {
    expect(ok(date, str(input))).toBe('2025-02-28');
  });

  it('accepts leap days that exist', () => {
    expect(ok(date, str('2024-02-29'))).toBe('2024-02-29');
  });

  it.each(['2025-02-30', '2025-13-01', '2023-02-29', '2025-04-31', '2025-00-10'])('rejects the impossible date %s', (input) => {
    const r = reason(date, str(input));
    expect(r).toContain(`“${input}”`);
    expect(r).toContain('不是真实存在的日期');
  });

  it.each(['下月', '2025-2', '25-2-28', '2025年2月', '2025-02-28 10:00'])('rejects the unrecognised text %s', (input) => {
    expect(reason(date, str(input))).toContain('不是可识别的日期');
  });

  it('reads Excel 1900 serials, including around the phantom 1900-02-29', () => {
    expect(ok(date, num(45716))).toBe('2025-02-28');
    expect(ok(date, num(1))).toBe('1900-01-01');
    expect(ok(date, num(59))).toBe('1900-02-28');
    expect(ok(date, num(61))).toBe('1900-03-01');
    expect(reason(date, num(60))).toContain('无法识别为日期');
    expect(reason(date, num(0))).toContain('无法识别为日期');
    expect(reason(date, num(-5))).toContain('无法识别为日期');
  });

  it('drops the time of day of a serial', () => {
    expect(ok(date, num(45716.75))).toBe('2025-02-28');
  });

  it('shifts 1904-system serials by 1462 days', () => {
    expect(ok(date, num(45716 - 1462), { date1904: true })).toBe('2025-02-28');
    expect(ok(date, num(0), { date1904: true })).toBe('1904-01-01');
  });

  it('rejects a TRUE cell in a date field', () => {
    expect(reason(date, { kind: 'boolean', value: true })).toContain('不是日期');
  });
});

describe('text', () => {
  it('keeps text as typed (trimmed) and turns a number cell into its digits', () => {
    expect(ok(text, str('  市司法局 法制科  '))).toBe('市司法局 法制科');
    expect(ok(text, num(13812345678))).toBe('13812345678');
    expect(ok(text, num(2024.5))).toBe('2024.5');
  });

  it('rejects a TRUE cell in a text field', () => {
    expect(reason(text, { kind: 'boolean', value: false })).toContain('逻辑值 FALSE');
  });
});

describe('error cells', () => {
  it.each(['#DIV/0!', '#VALUE!', '#REF!', '#N/A'])('rejects %s and says what to fill instead', (error) => {
    const r = reason(integer, { kind: 'error', value: error });
    expect(r).toContain(`单元格是错误值 ${error}，请`);
    expect(r).toContain('应填写0～1000000之间的整数');
    expect(reason(bool, { kind: 'error', value: error })).toContain('应从下拉列表选择');
  });
});

describe('the published list of normalisations', () => {
  it('is Chinese text naming every accepted form', () => {
    const all = NORMALISATIONS_ZH.join('\n');
    for (const needle of ['全角空格', '不间断空格', '０－９', '1,234', '“是”或“否”', '2025年2月28日', '1904', '联系电话']) {
      expect(all).toContain(needle);
    }
    expect(NO_GUESS_ZH).toContain('约100');
  });
});
