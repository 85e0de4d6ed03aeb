// Text of a text-layer PDF via unpdf (pdf.js built for servers, pure JS). A scanned PDF has no
// text layer: it gets a clear message instead of an empty result that would look like "nothing found".
import { getDocumentProxy } from 'unpdf';
import { AppError } from '../../../../templates/src/core/errors';

/** Fewer visible characters per page than this: scanned pages (a page number at most). */
const MIN_CHARS_PER_PAGE = 20;
const MAX_PAGES = 300;

export async function pdfText(bytes: Uint8Array, fileName: string): Promise<string> {
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false });
  } catch (e) {
    const name = (e as { name?: string }).name;
    if (name === 'PasswordException') {
      throw new AppError('PDF_ENCRYPTED', `PDF 文件“${fileName}”设置了打开密码，无法读取：请去掉密码后重新导出 PDF，或上传 Word 文档`);
    }
    throw new AppError('PDF_CORRUPT', `PDF 文件“${fileName}”已损坏或不是 PDF，无法读取：请重新导出 PDF，或上传 Word 文档`);
  }
  try {
    if (pdf.numPages > MAX_PAGES) {
      throw new AppError('PDF_TOO_LONG', `PDF 文件“${fileName}”有 ${pdf.numPages} 页，超过 ${MAX_PAGES} 页的上限：年度报告通常不到 20 页，请只上传报告本身`);
    }
    const pages: string[] = [];
    let visible = 0;
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str;
        if (item.hasEOL) text += '\n';
      }
      visible += text.replace(/\s/g, '').length;
      pages.push(text);
      page.cleanup();
    }
    if (visible < MIN_CHARS_PER_PAGE * pdf.numPages) {
      throw new AppError(
        'PDF_NO_TEXT',
        `PDF 文件“${fileName}”没有可读取的文字（可能是扫描件或图片转成的 PDF）：请上传 Word 文档或由 Word/WPS 直接导出的 PDF；只有纸质扫描件的，请先用文字识别（OCR）转成文字`,
      );
    }
    return pages.join('\n');
  } finally {
    await pdf.destroy();
  }
}
