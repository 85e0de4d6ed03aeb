import { randomBytes } from 'node:crypto';
import { expandUploads, isRejected, type ExpandedItem } from './expand-uploads';
import { buildRawZip, buildZip, encodeGbk, xlsxLike, zipBomb } from '../../../test/support/hostile';

const summary = (items: ExpandedItem[]) => items.map((i) => (isRejected(i) ? `${i.file} ✗ ${i.error.code}` : `${i.file} ✓`));

describe('expandUploads', () => {
  it('passes workbooks through and opens a zip with folders, skipping OS junk', async () => {
    const [hp, office, plain] = await Promise.all([xlsxLike('和平区司法局'), xlsxLike('区政府办公室'), xlsxLike('plain')]);
    const batch = await buildZip([
      { name: '和平区/', data: '' },
      { name: '和平区/区司法局.xlsx', data: hp, compress: false },
      { name: '和平区/二级/区政府办公室.xlsx', data: office },
      { name: '和平区/~$区司法局.xlsx', data: 'lock' },
      { name: '__MACOSX/和平区/._区司法局.xlsx', data: 'resource fork' },
      { name: '和平区/.DS_Store', data: 'finder' },
      { name: '填报说明.docx', data: 'not looked at' },
    ]);
    const items = await expandUploads([
      { name: '市司法局.xlsx', bytes: plain },
      { name: 'batch.zip', bytes: batch },
    ]);
    expect(summary(items)).toEqual([
      '市司法局.xlsx ✓',
      'batch.zip/和平区/区司法局.xlsx ✓',
      'batch.zip/和平区/二级/区政府办公室.xlsx ✓',
      'batch.zip/填报说明.docx ✗ NOT_XLSX',
    ]);
    expect(items[0]).toEqual({ file: '市司法局.xlsx', bytes: plain });
    expect(items[1]).toEqual({ file: 'batch.zip/和平区/区司法局.xlsx', bytes: hp });
    expect(items[2]).toEqual({ file: 'batch.zip/和平区/二级/区政府办公室.xlsx', bytes: office });
    expect(items[3]).toMatchObject({ error: { message: '压缩包 batch.zip 中的 填报说明.docx 不是 .xlsx 文件，已跳过' } });
  });

  it('decodes GBK names written without the UTF-8 flag, and UTF-8 names written without it (macOS)', async () => {
    const wb = await xlsxLike('x');
    const zip = buildRawZip([
      { name: encodeGbk('和平区/区司法局.xlsx'), data: wb },
      { name: Buffer.from('河西区/区市场监管局.xlsx', 'utf8'), data: wb, deflate: true },
      { name: Buffer.from('南开区/区政府研究室.xlsx', 'utf8'), data: wb, utf8Flag: true },
      // Backslash separators (old Windows tools); 運 is 0xDF5C in GBK: decode first, then split.
      { name: encodeGbk('红桥区\\運管科.xlsx'), data: wb },
    ]);
    expect(encodeGbk('運')).toEqual(Buffer.from('df5c', 'hex'));
    expect(encodeGbk('区司法局')).toEqual(Buffer.from('c7f8cbbeb7a8bed6', 'hex'));
    const items = await expandUploads([{ name: '天津.zip', bytes: zip }]);
    expect(summary(items)).toEqual(['天津.zip/和平区/区司法局.xlsx ✓', '天津.zip/河西区/区市场监管局.xlsx ✓', '天津.zip/南开区/区政府研究室.xlsx ✓', '天津.zip/红桥区/運管科.xlsx ✓']);
  });

  it('decodes a GBK name that is also valid UTF-8 as GBK, and says so when a name cannot be decided', async () => {
    const wb = await xlsxLike('x');
    const zip = buildRawZip([
      // 农委 in GBK reads "ũί" as UTF-8: Windows' built-in zip on a Chinese system writes it so.
      { name: encodeGbk('农委.xlsx'), data: wb },
      // Shift-JIS テスト: neither a GBK nor a UTF-8 Chinese name.
      { name: Buffer.concat([Buffer.from('836583588367', 'hex'), Buffer.from('.xlsx')]), data: wb },
    ]);
    const items = await expandUploads([{ name: '区县.zip', bytes: zip }]);
    expect(items.map((i) => i.file)).toEqual(['区县.zip/农委.xlsx', '区县.zip/僥僗僩.xlsx']);
    expect(items[0]).not.toHaveProperty('notice');
    expect(items[1]).toMatchObject({ notice: { code: 'ZIP_NAME_UNDECIDED', message: expect.stringMatching(/^区县\.zip\/僥僗僩\.xlsx：压缩包 区县\.zip 中文件名“僥僗僩\.xlsx”的编码无法确定/) } });
  });

  it('recognises a workbook by content, not by name', async () => {
    const zip = await buildZip([
      { name: '区司法局', data: await xlsxLike('no extension') },
      { name: '假的.xlsx', data: '单位,数值\n区司法局,3\n' },
      { name: '旧版.xls', data: Buffer.from('d0cf11e0a1b11ae1' + '00'.repeat(504), 'hex') },
    ]);
    const items = await expandUploads([{ name: 'batch.zip', bytes: zip }]);
    expect(summary(items)).toEqual(['batch.zip/区司法局 ✓', 'batch.zip/假的.xlsx ✗ NOT_XLSX', 'batch.zip/旧版.xls ✗ NOT_XLSX']);
    const [csv, xls] = items.filter(isRejected);
    expect([csv, xls].map((i) => i.error.message)).toEqual([expect.stringMatching(/^batch\.zip\/假的\.xlsx：.*CSV/), expect.stringMatching(/旧版 \.xls/)]);
  });

  it('rejects top-level files that are not workbooks with the reason', async () => {
    const items = await expandUploads([
      { name: '年度报告.pdf', bytes: Buffer.from('%PDF-1.7\n...') },
      { name: 'batch.zip', bytes: Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), randomBytes(64)]) },
      { name: '报告.docx', bytes: await buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]) },
    ]);
    expect(summary(items)).toEqual(['年度报告.pdf ✗ NOT_XLSX', 'batch.zip ✗ ZIP_UNSUPPORTED', '报告.docx ✗ NOT_WORKBOOK']);
    expect(items.filter(isRejected).map((i) => i.error.message)).toEqual([
      expect.stringMatching(/^年度报告\.pdf：这是 PDF 文件/),
      expect.stringContaining('不支持 RAR/7z'),
      expect.stringMatching(/Word 文档/),
    ]);
  });

  it('opens a zip inside the uploaded zip, but not one level deeper', async () => {
    const wb = await xlsxLike('deep');
    const level3 = await buildZip([{ name: 'c.xlsx', data: wb }]);
    const level2 = await buildZip([
      { name: 'b.xlsx', data: wb },
      { name: 'deeper.zip', data: level3 },
    ]);
    const city = await buildZip([
      { name: '和平区.zip', data: level2 },
      { name: 'a.xlsx', data: wb },
    ]);
    expect(summary(await expandUploads([{ name: '全市.zip', bytes: city }]))).toEqual([
      '全市.zip/和平区.zip/b.xlsx ✓',
      '全市.zip/和平区.zip/deeper.zip ✗ ZIP_TOO_DEEP',
      '全市.zip/a.xlsx ✓',
    ]);
    expect(summary(await expandUploads([{ name: '全市.zip', bytes: city }], { maxZipDepth: 1 }))).toEqual([
      '全市.zip/和平区.zip ✗ ZIP_TOO_DEEP',
      '全市.zip/a.xlsx ✓',
    ]);
  });

  it('reports a truncated zip as broken, and a zip without workbooks as empty', async () => {
    const zip = await buildZip([{ name: 'a.xlsx', data: await xlsxLike('a') }]);
    const junkOnly = await buildZip([{ name: '__MACOSX/._a.xlsx', data: 'x' }]);
    const items = await expandUploads([
      { name: 'cut.zip', bytes: zip.subarray(0, zip.length - 30) },
      { name: 'junk.zip', bytes: junkOnly },
    ]);
    expect(items).toEqual([
      { file: 'cut.zip', error: { code: 'ZIP_BROKEN', message: expect.stringContaining('压缩包 cut.zip 已损坏') } },
      { file: 'junk.zip', error: { code: 'ZIP_EMPTY', message: expect.stringContaining('没有 .xlsx 文件') } },
    ]);
  });

  it('refuses a zip bomb by its real inflated size and ratio', async () => {
    // 8 MB of zeros deflate to ~8 KB: ratio ~1000:1.
    const bomb = await zipBomb(8);
    expect(summary(await expandUploads([{ name: 'bomb.zip', bytes: bomb }]))).toEqual(['bomb.zip ✗ ZIP_BOMB']);

    // Headers that claim 1 KB for 8 MB of zeros: the real output is what counts.
    const liar = buildRawZip([{ name: Buffer.from('a.xlsx'), data: Buffer.alloc(8 * 1024 * 1024), deflate: true, declaredSize: 1024 }]);
    const [refused] = await expandUploads([{ name: 'liar.zip', bytes: liar }]);
    // yauzl stops at the first byte past the declared size, so this is refused as broken.
    expect(refused).toEqual({ file: 'liar.zip', error: expect.objectContaining({ code: 'ZIP_BROKEN' }) });
  });

  it('skips an entry whose declared size is over the limit without inflating it', async () => {
    const wb = await xlsxLike('small');
    const zip = await buildZip([
      { name: 'big.xlsx', data: randomBytes(300 * 1024), compress: false },
      { name: 'ok.xlsx', data: wb },
    ]);
    const items = await expandUploads([{ name: 'b.zip', bytes: zip }], { maxEntryBytes: 200 * 1024 });
    expect(summary(items)).toEqual(['b.zip/big.xlsx ✗ FILE_TOO_LARGE', 'b.zip/ok.xlsx ✓']);
  });

  it('keeps the whole upload under one inflated-bytes budget and an entry-count limit', async () => {
    const zip = await buildZip([
      { name: '1.xlsx', data: randomBytes(60 * 1024) },
      { name: '2.xlsx', data: randomBytes(60 * 1024) },
    ]);
    expect(summary(await expandUploads([{ name: 'z.zip', bytes: zip }], { maxTotalBytes: 100 * 1024 }))).toEqual(['z.zip ✗ UPLOAD_TOO_LARGE']);
    expect(summary(await expandUploads([{ name: 'z.zip', bytes: zip }], { maxZipEntries: 1 }))).toEqual(['z.zip ✗ ZIP_TOO_MANY_ENTRIES']);
  });

  it('skips a password-protected entry with a reason', async () => {
    const wb = await xlsxLike('e');
    const zip = buildRawZip([
      { name: Buffer.from('secret.xlsx'), data: wb, deflate: true, extraFlags: 0x1 },
      { name: Buffer.from('open.xlsx'), data: wb },
    ]);
    expect(summary(await expandUploads([{ name: 'p.zip', bytes: zip }]))).toEqual(['p.zip/secret.xlsx ✗ ZIP_ENCRYPTED', 'p.zip/open.xlsx ✓']);
  });
});
