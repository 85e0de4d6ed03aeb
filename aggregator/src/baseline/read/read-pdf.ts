// Text of a text-layer PDF via unpdf (pdf.js built for servers, pure JS). A scanned PDF has no
// text layer: it gets a clear message instead of an empty result that would look like "nothing found".
import { getDocumentProxy } from 'unpdf';
import { appError } from '../../../../templates/src/core/error-catalogue';

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
      throw appError('PDF_ENCRYPTED', { fileName });
    }
    throw appError('PDF_CORRUPT', { fileName });
  }
  try {
    if (pdf.numPages > MAX_PAGES) {
      throw appError('PDF_TOO_LONG', { fileName, pages: pdf.numPages, maxPages: MAX_PAGES });
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
      throw appError('PDF_NO_TEXT', { fileName });
    }
    return pages.join('\n');
  } finally {
    await pdf.destroy();
  }
}
