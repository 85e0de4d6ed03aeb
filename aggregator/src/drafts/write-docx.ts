// The draft's document model → .docx (the `docx` package), laid out in 公文格式 (gongwen.ts). Every
// number's phrase is a bookmark ind_<code> inside a Word comment saying where it comes from; the
// appendix lists every number with last year and 同比, each linked to its place in the text.
import {
  AlignmentType,
  Bookmark,
  BorderStyle,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  Document,
  DocumentGridType,
  Footer,
  HeadingLevel,
  InternalHyperlink,
  LineRuleType,
  Packer,
  PageNumber,
  SectionType,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { CHAR_SPACING, FIRST_LINE_INDENT, FONT, FOOTER_DISTANCE, LINE_PITCH, MARGIN, NOTE_COLOR, PAGE, PAGE_NUMBER_INDENT, SIZE, TEXT_AREA } from './gongwen';
import { bookmarkName, type Block, type DraftDocument, type DraftFigure, type DraftLevel, type Segment } from './types';

const LEVEL_LABELS: Record<DraftLevel, string> = { unit: '单位', district: '区', city: '全市' };
const AUTHOR = '法治政府建设指标系统';
/** 5号 table text on 14 pt lines. */
const TABLE_LINE = 280;

const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
const zh = { eastAsia: 'zh-CN', value: 'zh-CN' };

export interface DocxOptions {
  /** Time written on the comments and document (default now). */
  now?: Date;
}

export async function writeDraftDocx(draft: DraftDocument, options: DocxOptions = {}): Promise<Buffer> {
  const now = options.now ?? new Date();
  const commentIds = new Map(draft.figures.map((f, i) => [f.code, i]));
  const body = (block: Block) => blockParagraph(block, commentIds);
  const p = draft.properties;
  const page = {
    size: { width: PAGE.width, height: PAGE.height },
    margin: { top: MARGIN.top, bottom: MARGIN.bottom, left: MARGIN.left, right: MARGIN.right, header: MARGIN.top - LINE_PITCH, footer: FOOTER_DISTANCE },
  };
  const footers = { default: pageNumberFooter('odd'), even: pageNumberFooter('even') };

  const doc = new Document({
    title: draft.title,
    subject: `${p.year}年度法治政府建设情况报告（草稿）`,
    creator: AUTHOR,
    lastModifiedBy: AUTHOR,
    keywords: `year=${p.year};level=${p.level};code=${p.code};catalogue=${p.catalogueVersion};data=${p.dataVersion}`,
    description: `由${p.year}年度填报数据生成的${LEVEL_LABELS[p.level]}报告草稿（${p.name}），指标目录${p.catalogueVersion}，数据版本${p.dataVersion}。`,
    customProperties: [
      { name: 'year', value: String(p.year) },
      { name: 'level', value: p.level },
      { name: 'code', value: p.code },
      { name: 'catalogueVersion', value: p.catalogueVersion },
      { name: 'dataVersion', value: p.dataVersion },
    ],
    evenAndOddHeaderAndFooters: true,
    comments: { children: draft.figures.map((f, i) => ({ id: i, author: AUTHOR, initials: 'FZ', date: now, children: f.comment.map((line) => new Paragraph({ children: [new TextRun(line)] })) })) },
    styles: styles(),
    sections: [
      {
        properties: { page, grid: { type: DocumentGridType.LINES, linePitch: LINE_PITCH } },
        footers,
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(draft.title)] }),
          // 标题下空一行.
          new Paragraph({ children: [] }),
          ...draft.preamble.map(body),
          ...draft.parts.flatMap((part) => [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(part.title)] }), ...part.blocks.map(body)]),
        ],
      },
      // The 附件 starts a new page, without the 22-line grid: table rows are as tall as their text.
      { properties: { page, type: SectionType.NEXT_PAGE }, footers, children: appendix(draft) },
    ],
  });
  return Packer.toBuffer(doc);
}

function styles() {
  const exact = (line: number) => ({ line, lineRule: LineRuleType.EXACT, before: 0, after: 0 });
  return {
    default: {
      document: {
        run: { font: font(FONT.body), size: SIZE.san, characterSpacing: CHAR_SPACING, language: zh },
        paragraph: { spacing: exact(LINE_PITCH), indent: { firstLine: FIRST_LINE_INDENT }, alignment: AlignmentType.JUSTIFIED },
      },
    },
    paragraphStyles: [
      {
        id: 'Title',
        name: 'Title',
        basedOn: 'Normal',
        next: 'Normal',
        run: { font: font(FONT.title), size: SIZE.er, characterSpacing: 0 },
        paragraph: { alignment: AlignmentType.CENTER, indent: { firstLine: 0 }, spacing: exact(LINE_PITCH) },
      },
      { id: 'Heading1', name: 'heading 1', basedOn: 'Normal', next: 'Normal', run: { font: font(FONT.heading1) }, paragraph: { keepNext: true, outlineLevel: 0 } },
      { id: 'Heading2', name: 'heading 2', basedOn: 'Normal', next: 'Normal', run: { font: font(FONT.heading2) }, paragraph: { keepNext: true, outlineLevel: 1 } },
      { id: 'DraftSource', name: '来源单位', basedOn: 'Normal', next: 'Normal', run: { bold: true }, paragraph: { keepNext: true } },
      { id: 'PageNumber', name: '公文页码', basedOn: 'Normal', run: { font: font(FONT.pageNumber), size: SIZE.si, characterSpacing: 0 }, paragraph: { indent: { firstLine: 0 }, spacing: exact((SIZE.si / 2) * 20) } },
      { id: 'TableText', name: '表格文字', basedOn: 'Normal', run: { size: SIZE.wu, characterSpacing: 0 }, paragraph: { indent: { firstLine: 0 }, alignment: AlignmentType.LEFT, spacing: exact(TABLE_LINE) } },
    ],
  };
}

/** "— 1 —": odd pages at the right, even pages at the left, one character in from the edge. */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: 'PageNumber',
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'odd' ? { right: PAGE_NUMBER_INDENT, firstLine: 0 } : { left: PAGE_NUMBER_INDENT, firstLine: 0 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })],
      }),
    ],
  });
}

function blockParagraph(block: Block, commentIds: ReadonlyMap<string, number>): Paragraph {
  switch (block.kind) {
    case 'subheading':
      return new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(block.text)] });
    case 'source':
      return new Paragraph({ style: 'DraftSource', children: [new TextRun(block.text)] });
    case 'paragraph':
      return new Paragraph({ children: block.segments.flatMap((s) => segmentRuns(s, commentIds)) });
  }
}

function segmentRuns(segment: Segment, commentIds: ReadonlyMap<string, number>): ParagraphChild[] {
  switch (segment.kind) {
    case 'text':
      return [new TextRun(segment.text)];
    case 'note':
      return [new TextRun({ text: segment.text, color: NOTE_COLOR })];
    case 'figure': {
      const id = commentIds.get(segment.code);
      const marked = new Bookmark({ id: bookmarkName(segment.code), children: [new TextRun(segment.text)] });
      if (id === undefined) return [marked];
      return [new CommentRangeStart(id), marked, new CommentRangeEnd(id), new TextRun({ children: [new CommentReference(id)] })];
    }
  }
}

const COLUMN_WIDTHS = { 序号: 700, 指标: 2900, 本年: 1100, 上年: 1100, 同比: 1350 };
const COLUMNS = [
  ...Object.entries(COLUMN_WIDTHS).map(([title, width]) => ({ title, width })),
  { title: '说明', width: TEXT_AREA.width - Object.values(COLUMN_WIDTHS).reduce((a, b) => a + b, 0) },
];

/** 附件: every number of the text, linked to its bookmark, with last year and 同比. */
function appendix(draft: DraftDocument): (Paragraph | Table)[] {
  const cell = (children: ParagraphChild[], width: number, header = false) =>
    new TableCell({
      width: { size: width, type: WidthType.DXA },
      children: [new Paragraph({ style: 'TableText', alignment: header ? AlignmentType.CENTER : AlignmentType.LEFT, children })],
    });
  const text = (t: string, bold = false) => new TextRun({ text: t, bold });
  const header = new TableRow({ tableHeader: true, children: COLUMNS.map((c) => cell([text(c.title, true)], c.width, true)) });
  const rows = draft.figures.map(
    (f: DraftFigure, i) =>
      new TableRow({
        cantSplit: true,
        children: [
          cell([text(String(i + 1))], COLUMNS[0].width),
          cell([new InternalHyperlink({ anchor: bookmarkName(f.code), children: [text(f.name_zh)] }), text(`（${f.code}）`)], COLUMNS[1].width),
          cell([text(f.display)], COLUMNS[2].width),
          cell([text(f.last ?? '—')], COLUMNS[3].width),
          cell([text(f.change)], COLUMNS[4].width),
          cell([text(f.basis)], COLUMNS[5].width),
        ],
      }),
  );
  const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  return [
    new Paragraph({ indent: { firstLine: 0 }, children: [new TextRun({ text: '附件', font: font(FONT.heading1) })] }),
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('草稿所用数据一览表')] }),
    new Paragraph({ style: 'TableText', children: [new TextRun(`数据版本：${draft.properties.dataVersion}；指标目录：${draft.properties.catalogueVersion}。点击指标名称可转到正文中的位置。`)] }),
    new Table({
      width: { size: TEXT_AREA.width, type: WidthType.DXA },
      columnWidths: COLUMNS.map((c) => c.width),
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows: [header, ...rows],
    }),
  ];
}
