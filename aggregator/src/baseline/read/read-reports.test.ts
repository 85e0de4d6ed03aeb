// Readers on real files: the example report as .txt (UTF-8, BOM, GBK), and as .docx and .pdf made
// from it by LibreOffice Writer; a PDF without a text layer; a zip of several; files that are none.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import yazl from 'yazl';
import { currentCatalogue } from '../../../../templates/src/core/catalogue';
import { cuesFor } from '../cues';
import { extractCandidates } from '../extract';
import { createPdfReader, type PdfReader } from './pdf-reader';
import { pdfWithoutText } from '../../../../test/support/report-files';
import { type ReadReport, isRejectedReport, readReportFile as readWith, readReports } from './read-reports';

const FIXTURE = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'baseline', 'district-government-2023.txt');
const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
const catalogue = currentCatalogue();
const cues = cuesFor(catalogue)!;
const valuesOf = (text: string) =>
  extractCandidates(text, { unitType: 'district_gov', catalogue, cues }).candidates.map((c) => `${c.code}=${String(c.value)}`);

const utf8 = readFileSync(FIXTURE);
let pdfReader: PdfReader;
beforeAll(() => {
  pdfReader = createPdfReader();
});
afterAll(() => pdfReader.close());
const readReportFile = (file: string, bytes: Buffer) => readWith(file, bytes, pdfReader);
const original = utf8.toString('utf8');

function zipOf(entries: Record<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

describe('readReportFile on text', () => {
  it('reads UTF-8, UTF-8 with BOM and GBK alike', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    const gbk = Buffer.from(new Uint8Array(gbkBytes(original)));
    expect(gbk.equals(utf8)).toBe(false);
    for (const bytes of [utf8, bom, gbk]) {
      const read = await readReportFile('r.txt', bytes);
      expect(read).toEqual({ format: 'txt', text: original });
    }
  });

  it('refuses an empty file, an old .doc and a binary file with a reason', async () => {
    await expect(readReportFile('r.txt', Buffer.alloc(0))).rejects.toMatchObject({ code: 'EMPTY_FILE' });
    const ole = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    await expect(readReportFile('r.doc', ole)).rejects.toMatchObject({ code: 'OLD_WORD', message: expect.stringContaining('另存为 .docx') });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await expect(readReportFile('r.png', png)).rejects.toMatchObject({ code: 'NOT_REPORT' });
  });

  it('says a PDF without a text layer has no text, instead of finding nothing', async () => {
    await expect(readReportFile('扫描件.pdf', pdfWithoutText())).rejects.toMatchObject({
      code: 'PDF_NO_TEXT',
      message: expect.stringContaining('扫描件'),
    });
    await expect(readReportFile('坏.pdf', Buffer.from('%PDF-1.4\ngarbage'))).rejects.toMatchObject({ code: 'PDF_CORRUPT' });
  });

  it('rewords the zip gate for a Word document', async () => {
    const deflated = deflateRawSync(Buffer.from('<w:document/>'));
    const docx = await zipOf({ 'word/document.xml': Buffer.from('<w:document/>') });
    expect(deflated.length).toBeGreaterThan(0);
    // Cut the central directory off: the gate calls it damaged, in words about Word documents.
    await expect(readReportFile('坏.docx', docx.subarray(0, docx.length - 30))).rejects.toMatchObject({
      code: 'ZIP_CORRUPT',
      message: expect.stringMatching(/^Word 文档“坏.docx”已损坏/),
    });
  });
});

(soffice ? describe : describe.skip)('readReports on documents made by LibreOffice Writer', () => {
  let dir: string;
  let docx: Buffer;
  let pdf: Buffer;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'baseline-read-'));
    const txt = path.join(dir, '河北区2023年报告.txt');
    writeFileSync(txt, utf8);
    for (const [format, filter] of [
      ['docx', 'docx:MS Word 2007 XML'],
      ['pdf', 'pdf'],
    ]) {
      execFileSync(soffice!, [`-env:UserInstallation=file://${dir}/lo-${format}`, '--headless', '--convert-to', filter, '--outdir', dir, txt], {
        stdio: 'ignore',
        timeout: 120_000,
      });
    }
    docx = readFileSync(path.join(dir, '河北区2023年报告.docx'));
    pdf = readFileSync(path.join(dir, '河北区2023年报告.pdf'));
  }, 180_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the .docx paragraph by paragraph and finds what the .txt gives', async () => {
    const read = await readReportFile('r.docx', docx);
    expect(read.format).toBe('docx');
    expect(read.text.trim()).toBe(original.trim());
    expect(valuesOf(read.text)).toEqual(valuesOf(original));
  });

  it('reads the .pdf, re-joins its broken lines and finds what the .txt gives, quoting its own text exactly', async () => {
    const read = await readReportFile('r.pdf', pdf);
    expect(read.format).toBe('pdf');
    // Writer breaks the long paragraphs into many lines; the extractor still sees whole sentences.
    expect(read.text.split('\n').length).toBeGreaterThan(original.split('\n').length + 20);
    expect(valuesOf(read.text)).toEqual(valuesOf(original));
    const { candidates } = extractCandidates(read.text, { unitType: 'district_gov', catalogue, cues });
    for (const c of candidates) expect(read.text.slice(c.quote.start, c.quote.end)).toBe(c.quote.text);
    const teams = candidates.find((c) => c.code === 'emer.rescue_personnel')!;
    expect(teams.number!.text.replace(/\s/g, '')).toBe('2900余人');
  });

  it('opens a zip of reports with folders, skipping junk and naming what it cannot read', async () => {
    const zip = await zipOf({
      '河北区/区政府.docx': docx,
      '河北区/区政府.pdf': pdf,
      '河北区/说明.txt': utf8,
      '__MACOSX/._区政府.docx': Buffer.from('junk'),
      '河北区/照片.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
    });
    const items = await readReports([{ name: '河北区.zip', bytes: zip }, { name: '单独.txt', bytes: utf8 }], pdfReader);
    expect(items.map((i) => [i.file, isRejectedReport(i) ? i.error.code : (i as ReadReport).format])).toEqual([
      ['河北区.zip/河北区/区政府.docx', 'docx'],
      ['河北区.zip/河北区/区政府.pdf', 'pdf'],
      ['河北区.zip/河北区/说明.txt', 'txt'],
      ['河北区.zip/河北区/照片.png', 'NOT_REPORT'],
      ['单独.txt', 'txt'],
    ]);
    expect((items[0] as ReadReport).bytes.equals(docx)).toBe(true);
  });
});

/** GBK bytes of a text, via the decoder's inverse over the characters the text uses. */
function gbkBytes(text: string): number[] {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      if (lo === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([hi, lo]));
      if (ch.length === 1 && !table.has(ch)) table.set(ch, [hi, lo]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return out;
}
