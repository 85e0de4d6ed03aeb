import { parse } from 'csv-parse/sync';
import { csvStream, csvText } from './csv';

const records = [
  ['名称', '说明', '数量'],
  ['天津市和平区司法局', '1. 完善制度。\n2. 加强监督。', 12],
  ["x\n=cmd|' /C calc'!A0", '他说："好"，然后走了', null],
  ['=HYPERLINK("http://evil.example","点我")', '无。\r\n+1\r@SUM(A1)', -3],
];

describe('csvText', () => {
  const text = csvText(records);

  it('quotes every field with a line break, a comma or a quote, so each record stays one record (RFC 4180)', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe(
      '名称,说明,数量\r\n' +
        '天津市和平区司法局,"1. 完善制度。\n2. 加强监督。",12\r\n' +
        `"x\n'=cmd|' /C calc'!A0","他说：""好""，然后走了",\r\n` +
        `"'=HYPERLINK(""http://evil.example"",""点我"")","无。\r\n'+1\r'@SUM(A1)",-3\r\n`,
    );
    const parsed = parse(text, { bom: true }) as string[][];
    expect(parsed).toEqual([
      ['名称', '说明', '数量'],
      ['天津市和平区司法局', '1. 完善制度。\n2. 加强监督。', '12'],
      ["x\n'=cmd|' /C calc'!A0", '他说："好"，然后走了', ''],
      [`'=HYPERLINK("http://evil.example","点我")`, "无。\r\n'+1\r'@SUM(A1)", '-3'],
    ]);
  });

  it('guards every line of a text field and leaves numbers alone', () => {
    const parsed = parse(text, { bom: true }) as string[][];
    const lines = parsed.slice(0, 3).flat().flatMap((field) => field.split(/\r\n|\r|\n/));
    expect(lines.filter((line) => /^[=+\-@\t]/.test(line))).toEqual([]);
    expect(parsed[3][2]).toBe('-3');
  });

  it('streams the same bytes', async () => {
    let streamed = '';
    for await (const chunk of csvStream(records)) streamed += String(chunk);
    expect(streamed).toBe(text);
  });
});
