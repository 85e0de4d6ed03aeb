import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { AppError } from '../core/errors';
import { parseRegistryRows } from '../core/registry';
import { decodeCsvText, readRegistryFile, REGISTRY_SHEET, REGISTRY_VALIDATED_ROWS, writeBlankRegistryWorkbook } from './registry-file';

const HEADER = ['单位代码', '单位名称', '单位类型', '所属区代码', '所属区名称'];
const ROWS = [
  HEADER,
  ['120101000', '和平区人民政府', '区人民政府', '120101', '和平区'],
  ['120101002', '和平区司法局', '区级部门', '120101', '和平区'],
  ['120000001', '天津市司法局', '市级部门', '', ''],
];
const csvOf = (rows: string[][]) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';

// Node has no GBK encoder; the GBK codes of the characters these fixtures use (checked against
// Python's gbk codec). ASCII is the same in both encodings.
const GBK: Record<string, [number, number]> = {
  单: [0xb5, 0xa5], 位: [0xce, 0xbb], 代: [0xb4, 0xfa], 码: [0xc2, 0xeb], 名: [0xc3, 0xfb], 称: [0xb3, 0xc6],
  类: [0xc0, 0xe0], 型: [0xd0, 0xcd], 所: [0xcb, 0xf9], 属: [0xca, 0xf4], 区: [0xc7, 0xf8], 和: [0xba, 0xcd],
  平: [0xc6, 0xbd], 人: [0xc8, 0xcb], 民: [0xc3, 0xf1], 政: [0xd5, 0xfe], 府: [0xb8, 0xae], 级: [0xbc, 0xb6],
  部: [0xb2, 0xbf], 门: [0xc3, 0xc5], 市: [0xca, 0xd0], 司: [0xcb, 0xbe], 法: [0xb7, 0xa8], 局: [0xbe, 0xd6],
  天: [0xcc, 0xec], 津: [0xbd, 0xf2],
};
function gbk(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else if (GBK[ch]) bytes.push(...GBK[ch]);
    else throw new Error(`no GBK code for ${ch} in the test table`);
  }
  return Buffer.from(bytes);
}

async function xlsxOf(rows: (string | number | null)[][], sheetName = 'Sheet1'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  rows.forEach((r, i) => r.forEach((v, j) => v !== null && (sheet.getCell(i + 1, j + 1).value = v)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function formatErrorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
}

describe('readRegistryFile', () => {
  it('reads UTF-8 CSV with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvOf(ROWS), 'utf8')]);
    const rows = await readRegistryFile(bytes, '名录.CSV');
    expect(rows).toEqual(ROWS);
    expect(parseRegistryRows(rows).errors).toEqual([]);
  });

  it('reads CSV saved by Chinese Excel in GBK', async () => {
    const bytes = gbk(csvOf(ROWS));
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(await readRegistryFile(bytes, 'units.csv')).toEqual(ROWS);
    expect(decodeCsvText(gbk('和平区'))).toBe('和平区');
  });

  it('keeps blank CSV lines so error rows are spreadsheet rows, with mixed line endings', async () => {
    const text = `${HEADER.join(',')}\r\n\r\n120101001,某局,街道,120101,和平区\n`;
    const rows = await readRegistryFile(Buffer.from(text, 'utf8'), 'a.csv');
    expect(parseRegistryRows(rows).errors.map((e) => e.row)).toEqual([3]);
  });

  it('keeps quoted commas and line breaks inside one cell', async () => {
    const text = `${HEADER.join(',')}\n120000001,"天津市司法局,本级",市级部门,,\n`;
    const rows = await readRegistryFile(Buffer.from(text, 'utf8'), 'a.csv');
    expect(rows[1][1]).toBe('天津市司法局,本级');
  });

  it('reads the first sheet of an xlsx as text, numeric codes included, rows in place', async () => {
    const bytes = await xlsxOf([HEADER, [120101000, '和平区人民政府', '区人民政府', 120101, '和平区'], [null], ['120000001', '天津市司法局', '市级部门', null, null]]);
    const rows = await readRegistryFile(bytes, 'units.xlsx');
    expect(rows[1]).toEqual(['120101000', '和平区人民政府', '区人民政府', '120101', '和平区']);
    expect(rows[2].every((v) => v === '')).toBe(true);
    expect(rows[3][0]).toBe('120000001');
    const parsed = parseRegistryRows(rows);
    expect(parsed.errors).toEqual([]);
    expect(parsed.units.map((u) => u.code)).toEqual(['120101000', '120000001']);
  });

  it('reports row errors with the xlsx row number', async () => {
    const bytes = await xlsxOf([HEADER, ROWS[1], ROWS[2], ['120101002', '重复', '区级部门', '120101', '和平区']]);
    const { errors } = parseRegistryRows(await readRegistryFile(bytes, 'units.xlsx'));
    expect(errors).toHaveLength(1);
    expect(errors[0].row).toBe(4);
    expect(errors[0].message).toContain('与第3行重复');
  });

  it('refuses other formats and broken files in Chinese', async () => {
    const xls = await formatErrorOf(readRegistryFile(Buffer.from('x'), '名录.xls'));
    expect(xls.code).toBe('REGISTRY_FORMAT');
    expect(xls.message).toContain('另存为');
    expect((await formatErrorOf(readRegistryFile(Buffer.from('x'), 'units.txt'))).message).toContain('不是 .xlsx 或 .csv');
    expect((await formatErrorOf(readRegistryFile(Buffer.from('not a zip'), 'units.xlsx'))).message).toContain('无法作为 .xlsx 文件打开');
    expect((await formatErrorOf(readRegistryFile(Buffer.from('a,"b\nc,d'), 'units.csv'))).message).toContain('不是有效的 CSV');
  });
});

describe('writeBlankRegistryWorkbook', () => {
  let bytes: Buffer;
  beforeAll(async () => {
    bytes = await writeBlankRegistryWorkbook();
  });

  it('has the registry header, a 说明 sheet and reads back as an empty registry', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([REGISTRY_SHEET, '说明']);
    const rows = await readRegistryFile(bytes, 'blank.xlsx');
    // The optional column 有行政执法职能 (issue 12) is in the blank workbook too.
    expect(rows).toEqual([[...HEADER, '有行政执法职能']]);
    expect(parseRegistryRows(rows)).toEqual({ units: [], errors: [] });
  });

  it('offers the unit types as a drop-down on a bounded range only', async () => {
    const xml = await sheetXml(bytes);
    const sqrefs = [...xml.matchAll(/<dataValidation [^>]*sqref="([^"]+)"/g)].map((m) => m[1]);
    // 单位类型 and 有行政执法职能 (是/否), each on the same bounded range.
    expect(sqrefs).toEqual([`C2:C${REGISTRY_VALIDATED_ROWS + 1}`, `F2:F${REGISTRY_VALIDATED_ROWS + 1}`]);
    expect(xml).toContain('<formula1>&quot;区人民政府,区级部门,市级部门&quot;</formula1>');
  });

  it('round trips: a filled blank registry parses into units', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet(REGISTRY_SHEET)!;
    ROWS.slice(1).forEach((r, i) => sheet.getRow(i + 2).values = r);
    const filled = Buffer.from(await workbook.xlsx.writeBuffer());
    const parsed = parseRegistryRows(await readRegistryFile(filled, 'filled.xlsx'));
    expect(parsed.errors).toEqual([]);
    expect(parsed.units.map((u) => u.typeLabel)).toEqual(['区人民政府', '区级部门', '市级部门']);
  });
});

function sheetXml(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'xl/worksheets/sheet1.xml') return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      });
      zip.on('end', () => reject(new Error('sheet1.xml missing')));
      zip.readEntry();
    });
  });
}
