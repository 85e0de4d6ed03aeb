// Reads a .docx (a zip of XML parts) for tests that check the document's XML: every part as text,
// plus the few extractions the draft tests need (paragraph texts, bookmarks, comments).
import yauzl from 'yauzl';

export function docxParts(bytes: Buffer): Promise<Map<string, string>> {
  return new Promise((resolve, reject) => {
    const parts = new Map<string, string>();
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            parts.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(parts));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** An attribute's value in a tag's attribute text, e.g. attr('w:id="3" w:name="x"', 'w:name') → 'x'. */
export const attr = (attributes: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attributes)?.[1];

/** The text of a fragment of WordprocessingML: its w:t runs joined. */
export const textOf = (xml: string): string => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join('');

export interface XmlParagraph {
  style: string | null;
  text: string;
  xml: string;
}

/** The body's paragraphs (tables' cell paragraphs included), in order. */
export function paragraphsOf(documentXml: string): XmlParagraph[] {
  return [...documentXml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(m[1])?.[1] ?? null,
    text: textOf(m[1]),
    xml: m[0],
  }));
}

/** Bookmark name → the text between its start and its end. */
export function bookmarksOf(documentXml: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of documentXml.matchAll(/<w:bookmarkStart ([^>]*)\/>/g)) {
    const id = attr(m[1], 'w:id');
    const end = documentXml.indexOf(`<w:bookmarkEnd w:id="${id}"/>`, m.index);
    out.set(attr(m[1], 'w:name') ?? '', end < 0 ? '' : textOf(documentXml.slice(m.index, end)));
  }
  return out;
}

/** Comment id → its text (comments.xml). */
export function commentsOf(commentsXml: string): Map<string, string> {
  return new Map([...commentsXml.matchAll(/<w:comment ([^>]*)>([\s\S]*?)<\/w:comment>/g)].map((m) => [attr(m[1], 'w:id') ?? '', textOf(m[2])]));
}
