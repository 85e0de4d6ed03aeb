import { currentCatalogue } from './catalogue';
import { CELL_TEXT_MAX, INPUT_SHEET } from './contract';
import { readFromValues, valuesSubmissionSchema, type ValuesSubmission } from './values-submission';

const catalogue = currentCatalogue();
const field = catalogue.field('narr.other')!;

function read(cells: ValuesSubmission['cells']) {
  const body = valuesSubmissionSchema.parse({ fileName: 'x', stamp: { catalogue_version: catalogue.version }, cells });
  return readFromValues(body, catalogue);
}

describe('readFromValues', () => {
  it('refuses control characters in a value or remark as the workbook reader does, naming cell and indicator', () => {
    const { problems } = read({ 'narr.other': { address: 'E120', raw: { kind: 'string', value: '无\u0001附加' }, remark: '说明\u001b' } });
    const text = problems.filter((p) => p.rule === 'TYPE');
    expect(text).toHaveLength(2);
    expect(text.every((p) => p.severity === 'error' && p.codes[0] === 'narr.other')).toBe(true);
    expect(text[0].cells).toEqual([{ sheet: INPUT_SHEET, address: 'E120' }]);
    expect(text[0].message).toContain(`${INPUT_SHEET}!E120【${field.name_zh}】的填报值含有不可见的控制字符（U+0001`);
    expect(text[1].message).toContain(`【${field.name_zh}】的备注含有不可见的控制字符（U+001B`);
  });

  it('text over the Excel cell limit: the reader message naming cell and indicator, not a schema error', () => {
    const { problems } = read({ 'narr.other': { address: 'E120', raw: { kind: 'string', value: '长'.repeat(CELL_TEXT_MAX + 1) } } });
    const text = problems.filter((p) => p.rule === 'TYPE');
    expect(text).toHaveLength(1);
    expect(text[0].message).toContain(`${INPUT_SHEET}!E120【${field.name_zh}】的填报值有 ${CELL_TEXT_MAX + 1} 个字符，超过 Excel 单元格上限`);
  });

  it('lets ordinary text through and reports the rows it lacks', () => {
    const { problems, sheet } = read({ 'narr.other': { address: 'E120', raw: { kind: 'string', value: '无\n附加' } } });
    expect(problems.filter((p) => p.rule === 'TYPE')).toEqual([]);
    expect(sheet!.cells['narr.other'].raw).toEqual({ kind: 'string', value: '无\n附加' });
    expect(problems.some((p) => p.rule === 'STRUCTURE' && p.codes.includes(catalogue.fields[0].code))).toBe(true);
  });
});
