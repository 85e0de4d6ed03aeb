// Text of a .docx report: the zip goes through the project's gate (sizes, entry count, ratio,
// encryption, DOCTYPE), then word/document.xml is read paragraph by paragraph.
import { AppError, isAppError } from '../../../../templates/src/core/errors';
import { parseXml } from '../../../../templates/src/xlsx/xml';
import { openOfficeZip } from '../../../../templates/src/xlsx/zip-gate';

const DOCUMENT = 'word/document.xml';
const RESAVE = '请用 Word 或 WPS 打开后另存为 .docx（或导出为文字版 PDF）再上传';

/** What the gate's workbook wording means for a Word document, by error code. */
const REASONS: Record<string, string> = {
  EMPTY_FILE: '是空文件（0 字节）',
  FILE_TOO_LARGE: '超过 20 MB 的大小上限（年度报告通常不到 1 MB，请删除其中的图片）',
  ZIP_ENCRYPTED: '设置了密码，无法读取',
  ZIP_BOMB: '内部部件解压后过大或压缩比异常，可能是恶意构造的文件，已拒绝',
  ZIP_TOO_MANY_ENTRIES: '内部部件过多，不像正常的 Word 文档',
  ZIP_UNSAFE_NAME: '内部部件名不安全，已拒绝',
  ZIP_DUPLICATE_ENTRY: '内部有同名部件，不是正常的 Word 文档',
  ZIP_CORRUPT: '已损坏，可能下载或上传不完整',
  XML_DOCTYPE: '含有 DOCTYPE/ENTITY 声明，Word 不会生成这种内容，已拒绝',
  XML_CORRUPT: '内部格式已损坏',
};

export function docxText(bytes: Uint8Array, fileName: string): string {
  try {
    const parts = openOfficeZip(bytes, {}, {
      mainPart: DOCUMENT,
      missing: () => new AppError('NOT_DOCX', `文件“${fileName}”是压缩文件，但不是 Word 文档（缺少正文部件）：${RESAVE}`),
    });
    return documentText(parts.text(DOCUMENT)!);
  } catch (e) {
    if (!isAppError(e) || e.code === 'NOT_DOCX') throw e;
    throw new AppError(e.code, `Word 文档“${fileName}”${REASONS[e.code] ?? '无法读取'}：${RESAVE}`, e.status);
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
