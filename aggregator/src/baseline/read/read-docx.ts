// Text of a .docx report: the zip goes through the project's gate (sizes, entry count, ratio,
// encryption, DOCTYPE), then word/document.xml is read paragraph by paragraph.
import { isAppError } from '../../../../templates/src/core/errors';
import { appError, inContext } from '../../../../templates/src/core/error-catalogue';
import { parseXml } from '../../../../templates/src/xlsx/xml';
import { openOfficeZip } from '../../../../templates/src/xlsx/zip-gate';

const DOCUMENT = 'word/document.xml';

export function docxText(bytes: Uint8Array, fileName: string): string {
  try {
    const parts = openOfficeZip(bytes, {}, {
      mainPart: DOCUMENT,
      missing: () => appError('NOT_DOCX', { fileName }),
    });
    return documentText(parts.text(DOCUMENT)!);
  } catch (e) {
    if (!isAppError(e) || e.code === 'NOT_DOCX') throw e;
    throw inContext(e, 'wordDocument', { fileName });
  }
}

/** Paragraphs on their own lines; tabs and breaks kept; deleted revisions (w:delText) left out. */
export function documentText(xml: string): string {
  const out: string[] = [];
  let inText = 0;
  parseXml(DOCUMENT, xml, {
    open(name) {
      if (name === 't') inText++;
      else if (name === 'tab') out.push('\t');
      else if (name === 'br' || name === 'cr') out.push('\n');
    },
    close(name) {
      if (name === 't') inText--;
      else if (name === 'p') out.push('\n');
    },
    text(t) {
      if (inText > 0) out.push(t);
    },
  });
  return out.join('');
}
