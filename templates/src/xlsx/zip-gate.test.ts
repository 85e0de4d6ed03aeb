import { AppError } from '../core/errors';
import { buildWorkbook, patchZip, zip, type ZipEntrySpec } from '../../../test/support/xlsx-builder';
import { deflatedZeros, withRawEntries } from '../../../test/support/hostile';
import { DEFAULT_GATE_LIMITS, openXlsx, type GateLimits } from './zip-gate';

const SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>';
const minimalWorkbook = (extra: ZipEntrySpec[] = []) =>
  buildWorkbook({ sheets: [{ name: '指标填报', xml: SHEET }], extraParts: extra });

function gateError(bytes: Uint8Array, limits?: Partial<GateLimits>, part?: string): AppError {
  try {
    const parts = openXlsx(bytes, limits);
    if (part) parts.text(part);
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the gate to refuse the file');
}

function expectChineseAdvice(e: AppError) {
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  expect(e.message).toMatch(/请/);
}

describe('openXlsx accepts a real workbook', () => {
  it('lists entries and inflates only the parts asked for, case-insensitively', async () => {
    const text = '法治政府建设'.repeat(5000);
    const bytes = await minimalWorkbook([
      { name: 'xl/media/note.txt', data: text },
      { name: 'xl/stored.xml', data: '<a>存储</a>', compress: false },
    ]);
    const parts = openXlsx(bytes);
    expect(parts.names()).toEqual(expect.arrayContaining(['xl/workbook.xml', 'xl/media/note.txt', 'xl/stored.xml']));
    expect(parts.text('XL/MEDIA/NOTE.TXT')).toBe(text);
    expect(parts.text('/xl/stored.xml')).toBe('<a>存储</a>');
    expect(parts.has('xl/worksheets/sheet1.xml')).toBe(true);
    expect(parts.text('xl/missing.xml')).toBeUndefined();
  });

  it('exports its defaults', () => {
    expect(DEFAULT_GATE_LIMITS).toMatchObject({ maxFileBytes: 20 * 1024 * 1024, maxEntries: 1000, maxRatio: 200 });
  });
});

describe('openXlsx refuses what is not an xlsx, with a stable code and Chinese advice', () => {
  it('EMPTY_FILE', () => {
    const e = gateError(new Uint8Array(0));
    expect(e.code).toBe('EMPTY_FILE');
    expect(e.status).toBe(400);
    expectChineseAdvice(e);
  });

  it('FILE_TOO_LARGE answers 413', async () => {
    const bytes = await minimalWorkbook();
    const e = gateError(bytes, { maxFileBytes: bytes.length - 1 });
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.status).toBe(413);
  });

  it('NOT_XLSX names a PDF', () => {
    const e = gateError(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n'));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain('PDF');
  });

  it('NOT_XLSX names CSV text', () => {
    const e = gateError(Buffer.from('\uFEFF指标代码,填报值\nlead.meetings,3\n', 'utf8'));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain('CSV');
  });

  it('NOT_XLSX names an HTML "xls" export', () => {
    const e = gateError(Buffer.from('<html><body><table><tr><td>1</td></tr></table></body></html>'));
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toContain('网页');
  });

  it('NOT_XLSX names a legacy .xls or password-protected workbook (OLE compound file)', () => {
    const ole = Buffer.alloc(4096);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(ole);
    const e = gateError(ole);
    expect(e.code).toBe('NOT_XLSX');
    expect(e.message).toBe('这是旧版 .xls 或设置了打开密码的工作簿，请另存为 .xlsx 并取消密码后再上传');
  });

  it('NOT_WORKBOOK names a renamed .docx', async () => {
    const docx = await zip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'word/document.xml', data: '<w:document xmlns:w="x"/>' },
    ]);
    const e = gateError(docx);
    expect(e.code).toBe('NOT_WORKBOOK');
    expect(e.message).toContain('Word');
  });

  it('NOT_WORKBOOK for any other zip', async () => {
    const e = gateError(await zip([{ name: 'readme.txt', data: 'hello' }]));
    expect(e.code).toBe('NOT_WORKBOOK');
    expectChineseAdvice(e);
  });
});

describe('openXlsx refuses damaged zips', () => {
  it('ZIP_CORRUPT for a truncated file', async () => {
    const bytes = await minimalWorkbook();
    const e = gateError(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    expect(e.code).toBe('ZIP_CORRUPT');
    expect(e.message).toContain('不完整');
  });

  it('ZIP_CORRUPT for a central directory pointing past the end', async () => {
    const bytes = Buffer.from(await minimalWorkbook());
    const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    bytes.writeUInt32LE(bytes.length, eocd + 16);
    expect(gateError(bytes).code).toBe('ZIP_CORRUPT');
  });

  it('ZIP_CORRUPT for a corrupt deflate stream', async () => {
    // 0xFF starts a final block of the reserved type 3: every inflater rejects it.
    const bytes = patchZip(await minimalWorkbook(), (e) => e.name === 'xl/workbook.xml' && e.overwriteData([0xff, 0xff, 0xff]));
    const e = gateError(bytes, {}, 'xl/workbook.xml');
    expect(e.code).toBe('ZIP_CORRUPT');
    expect(e.message).toContain('xl/workbook.xml');
  });

  it('ZIP_CORRUPT when the inflated part does not match its recorded size', async () => {
    const bytes = patchZip(await minimalWorkbook(), (e) => e.name === 'xl/workbook.xml' && e.claimSize(10));
    expect(gateError(bytes, {}, 'xl/workbook.xml').code).toBe('ZIP_CORRUPT');
  });

  it('ZIP_CORRUPT when an entry claims data reaching into the central directory', async () => {
    const bytes = await minimalWorkbook();
    const centralDirectory = bytes.readUInt32LE(bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);
    const patched = patchZip(bytes, (e) => e.name === 'xl/workbook.xml' && e.claimCompressedSize(centralDirectory + 10 - e.dataOffset));
    expect(gateError(patched, {}, 'xl/workbook.xml').code).toBe('ZIP_CORRUPT');
  });

  it('ZIP_ENCRYPTED for an entry with the encryption bit', async () => {
    const bytes = patchZip(await minimalWorkbook(), (e) => e.name === 'xl/worksheets/sheet1.xml' && e.setFlags(0x1));
    const e = gateError(bytes);
    expect(e.code).toBe('ZIP_ENCRYPTED');
    expectChineseAdvice(e);
  });

  it('ZIP_DUPLICATE_ENTRY for the same name twice, case-insensitively', async () => {
    const bytes = await minimalWorkbook([{ name: 'XL/Workbook.xml', data: '<workbook/>' }]);
    const e = gateError(bytes);
    expect(e.code).toBe('ZIP_DUPLICATE_ENTRY');
    expect(e.message).toContain('XL/Workbook.xml');
  });

  it('ZIP_TOO_MANY_ENTRIES past the limit', async () => {
    const extra = Array.from({ length: 1000 }, (_, i) => ({ name: `xl/media/f${i}.txt`, data: 'x', compress: false }));
    const e = gateError(await minimalWorkbook(extra));
    expect(e.code).toBe('ZIP_TOO_MANY_ENTRIES');
    expect(e.message).toContain('1000');
  });

  it.each([
    ['xx/evil.xml', '../evil.xml'],
    ['xetc/passwd', '/etc/passwd'],
    ['xl/xx/yy/z.xml', 'xl/../../z.xml'],
  ])('ZIP_UNSAFE_NAME for %s renamed to %s', async (from, to) => {
    const bytes = patchZip(await minimalWorkbook([{ name: from, data: 'x' }]), (e) => e.name === from && e.rename(to));
    const e = gateError(bytes);
    expect(e.code).toBe('ZIP_UNSAFE_NAME');
    expect(e.message).toContain(to);
  });
});

describe('openXlsx bounds every inflate by the real output size', () => {
  const zeros = (mb: number) => Buffer.alloc(Math.round(mb * 1024 * 1024), 0x20);

  it('ZIP_BOMB for a part whose central directory claims it is small (lying header)', async () => {
    const bytes = patchZip(await minimalWorkbook([{ name: 'xl/big.xml', data: zeros(3) }]), (e) => e.name === 'xl/big.xml' && e.claimSize(100));
    const e = gateError(bytes, { maxPartBytes: 1024 * 1024, maxRatio: 1e9 }, 'xl/big.xml');
    expect(e.code).toBe('ZIP_BOMB');
    expect(e.message).toContain('xl/big.xml');
  });

  it('ZIP_BOMB for a part over the default 50 MB budget even when the header lies', async () => {
    const bytes = patchZip(await minimalWorkbook([{ name: 'xl/big.xml', data: zeros(60) }]), (e) => e.name === 'xl/big.xml' && e.claimSize(100));
    expect(gateError(bytes, {}, 'xl/big.xml').code).toBe('ZIP_BOMB');
  });

  it('ZIP_BOMB when parts together exceed the total budget', async () => {
    const parts = openXlsx(await minimalWorkbook([{ name: 'xl/a.xml', data: zeros(0.6) }, { name: 'xl/b.xml', data: zeros(0.6) }]), {
      maxTotalBytes: 1024 * 1024,
    });
    expect(parts.text('xl/a.xml')).toHaveLength(zeros(0.6).length);
    expect(() => parts.text('xl/b.xml')).toThrow(expect.objectContaining({ code: 'ZIP_BOMB' }));
  });

  it('ZIP_BOMB for a compression ratio over 200:1 in a part over 1 MB, not below', async () => {
    const bytes = await minimalWorkbook([
      { name: 'xl/small.xml', data: zeros(0.9) },
      { name: 'xl/big.xml', data: zeros(2) },
    ]);
    const parts = openXlsx(bytes);
    expect(parts.text('xl/small.xml')).toHaveLength(zeros(0.9).length);
    const e = gateError(bytes, {}, 'xl/big.xml');
    expect(e.code).toBe('ZIP_BOMB');
    expect(e.message).toContain('200:1');
  });
});

describe('XML parts with DOCTYPE or ENTITY declarations are refused (billion laughs, XXE)', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>`;
  const xxe = '<?xml version="1.0"?><!doctype x [<!entity xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>';

  it.each([
    ['billion laughs', laughs],
    ['external entity', xxe],
  ])('XML_DOCTYPE for %s', async (_what, xml) => {
    const bytes = await minimalWorkbook([{ name: 'xl/sharedStrings.xml', data: xml }]);
    const e = gateError(bytes, {}, 'xl/sharedStrings.xml');
    expect(e.code).toBe('XML_DOCTYPE');
    expect(e.message).toContain('xl/sharedStrings.xml');
  });

  it('other parts are not inspected unless asked for', async () => {
    const bytes = await minimalWorkbook([{ name: 'xl/sharedStrings.xml', data: laughs }]);
    expect(() => openXlsx(bytes).text('xl/workbook.xml')).not.toThrow();
  });
});

describe('openXlsx split: a part as head (to a closing tag) and tail (after it)', () => {
  const sheet = (tail: string) => `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>${tail}</worksheet>`;
  const TAIL = '<mergeCells count="1"><mergeCell ref="A1:G1"/></mergeCells><dataValidations count="1"><dataValidation sqref="E4" error="值应 > 0"/></dataValidations>';

  it('gives the same head as text(part, endTag), and the rest as the tail', async () => {
    const xml = sheet(TAIL);
    const parts = openXlsx(await minimalWorkbook([{ name: 'xl/worksheets/s.xml', data: xml }]));
    const split = parts.split('xl/worksheets/s.xml', 'sheetData')!;
    expect(split.head).toBe(parts.text('xl/worksheets/s.xml', 'sheetData'));
    // The tail is markup for scanning: its bytes as latin1, ASCII exact.
    expect(split.tail).toBe(Buffer.from(`${TAIL}</worksheet>`).toString('latin1'));
    expect(split.head + Buffer.from(split.tail, 'latin1').toString('utf8')).toBe(xml);
    expect(parts.split('xl/missing.xml', 'sheetData')).toBeUndefined();
  });

  it('splits a prefixed closing tag', async () => {
    const xml = `<x:worksheet><x:sheetData/><x:sheetData></x:sheetData>${TAIL}</x:worksheet>`;
    const split = openXlsx(await minimalWorkbook([{ name: 'xl/s.xml', data: xml }])).split('xl/s.xml', 'sheetData')!;
    expect(split.tail).toBe(Buffer.from(`${TAIL}</x:worksheet>`).toString('latin1'));
  });

  it('a UTF-16 part is split in its decoded text, so its tail is not lost', async () => {
    const xml = sheet(TAIL);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const split = openXlsx(await minimalWorkbook([{ name: 'xl/s.xml', data: utf16 }])).split('xl/s.xml', 'sheetData')!;
    expect(split).toEqual({ head: xml.slice(0, xml.indexOf(TAIL)), tail: `${TAIL}</worksheet>` });
  });

  it('without the closing tag, the tail is the whole part', async () => {
    const xml = '<worksheet><sheetData/><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>';
    const split = openXlsx(await minimalWorkbook([{ name: 'xl/s.xml', data: xml }])).split('xl/s.xml', 'sheetData')!;
    expect(split).toEqual({ head: xml, tail: xml });
  });

  it('refuses a declaration in the tail too', async () => {
    const bytes = await minimalWorkbook([{ name: 'xl/s.xml', data: sheet('<!DOCTYPE x [<!ENTITY a "b">]>') }]);
    expect(() => openXlsx(bytes).split('xl/s.xml', 'sheetData')).toThrow(expect.objectContaining({ code: 'XML_DOCTYPE' }));
  });
});

describe('checkEveryPart: every entry the file stores passes the same limits, read or not', () => {
  const laughs = '<?xml version="1.0"?><!DOCTYPE Properties [<!ENTITY l0 "lol"><!ENTITY l1 "&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;">]><Properties>&l1;</Properties>';
  const sweep = (bytes: Buffer) => {
    try {
      openXlsx(bytes).checkEveryPart();
    } catch (e) {
      if (e instanceof AppError) return e;
      throw e;
    }
    return undefined;
  };

  it('XML_DOCTYPE for a billion laughs in docProps/app.xml, which the reader never reads', async () => {
    const bytes = await minimalWorkbook([{ name: 'docProps/app.xml', data: laughs }]);
    expect(() => openXlsx(bytes).text('xl/workbook.xml')).not.toThrow();
    const e = sweep(bytes)!;
    expect(e.code).toBe('XML_DOCTYPE');
    expect(e.message).toContain('docProps/app.xml');
    expectChineseAdvice(e);
  });

  it('XML_DOCTYPE for an XML entry whatever its name (UTF-16 too)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(laughs, 'utf16le')]);
    expect(sweep(await minimalWorkbook([{ name: 'xl/media/image1.png', data: laughs }]))?.code).toBe('XML_DOCTYPE');
    expect(sweep(await minimalWorkbook([{ name: 'customXml/item1.xml', data: utf16 }]))?.code).toBe('XML_DOCTYPE');
  });

  it('ZIP_BOMB for 1 GiB of zeros stored as xl/media/image1.png, whether its header says so or lies', async () => {
    const base = await minimalWorkbook();
    const bomb = deflatedZeros(1024);
    const honest = withRawEntries(base, [{ name: Buffer.from('xl/media/image1.png'), data: Buffer.alloc(0), packed: bomb }]);
    const started = Date.now();
    const e = sweep(honest)!;
    expect(e.code).toBe('ZIP_BOMB');
    expect(e.message).toContain('xl/media/image1.png');
    expect(Date.now() - started).toBeLessThan(1000);
    const lying = withRawEntries(base, [{ name: Buffer.from('xl/media/image1.png'), data: Buffer.alloc(0), packed: bomb, declaredSize: 1024 }]);
    expect(sweep(lying)?.code).toBe('ZIP_BOMB');
  });

  it('passes binary media (even holding the bytes "<!DOCTYPE") and folders; the parts read afterwards are the same', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('<!DOCTYPE html>'), Buffer.alloc(64, 7)]);
    const bytes = await minimalWorkbook([{ name: 'xl/media/image1.png', data: png }, { name: 'xl/media/', data: '' }]);
    expect(sweep(bytes)).toBeUndefined();
    const swept = openXlsx(bytes);
    swept.checkEveryPart();
    expect(swept.text('xl/workbook.xml')).toBe(openXlsx(bytes).text('xl/workbook.xml'));
  });
});
