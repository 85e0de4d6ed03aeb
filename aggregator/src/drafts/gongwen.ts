// 公文格式 of GB/T 9704-2012 《党政机关公文格式》 in Word's units (twips = 1/20 pt, sizes in
// half-points). The official font names are written into the document as they are: drafters open it
// in Word or WPS where these fonts are installed; a server without them maps them to free fonts in
// its own font configuration (the tests do, see test/support/fonts.conf).

const TWIPS_PER_MM = 1440 / 25.4;
export const mm = (millimetres: number): number => Math.round(millimetres * TWIPS_PER_MM);

/** A4. */
export const PAGE = { width: mm(210), height: mm(297) };
/** 天头（上白边）37 mm, 订口（左白边）28 mm; 版心 156 mm × 225 mm (GB/T 9704 5.2.1–5.2.2). */
export const TEXT_AREA = { width: mm(156), height: mm(225) };
export const MARGIN = {
  top: mm(37),
  left: mm(28),
  right: PAGE.width - mm(28) - TEXT_AREA.width,
  bottom: PAGE.height - mm(37) - TEXT_AREA.height,
};

/** 一般每面排22行，每行排28个字 (GB/T 9704 5.2.4). */
export const LINES_PER_PAGE = 22;
export const CHARS_PER_LINE = 28;

/** 字号 in half-points: 2号 22 pt, 3号 16 pt, 4号 14 pt, 5号 10.5 pt (tables of the 附件). */
export const SIZE = { er: 44, san: 32, si: 28, wu: 21 };

/** Line pitch: the largest whole-twip pitch that still fits 22 lines in the 225 mm text area. */
export const LINE_PITCH = Math.floor(TEXT_AREA.height / LINES_PER_PAGE);
/**
 * Extra space per character (twips, negative = condensed) so that exactly 28 characters of 3号
 * fit the 156 mm line: a 16 pt character is wider than 156 mm / 28. Written on every run, which Word,
 * WPS and LibreOffice all honour (LibreOffice spreads a character grid's pitch instead).
 */
export const CHAR_SPACING = Math.floor(TEXT_AREA.width / CHARS_PER_LINE - (SIZE.san / 2) * 20);
/** 首行缩进两个字. */
export const FIRST_LINE_INDENT = 2 * ((SIZE.san / 2) * 20 + CHAR_SPACING);

/**
 * 页码 "— 1 —" 4号宋体, 一字线上距版心下边缘7 mm: the footer sits so that the number's top edge is
 * 7 mm below the text area (footer distance = bottom margin − 7 mm − one 4号 line).
 */
export const FOOTER_DISTANCE = MARGIN.bottom - mm(7) - (SIZE.si / 2) * 20;
/** 单页码居右空一字，双页码居左空一字: one 4号 character. */
export const PAGE_NUMBER_INDENT = (SIZE.si / 2) * 20;

export const FONT = {
  /** 标题 2号小标宋体字. */
  title: '方正小标宋简体',
  /** 正文 3号仿宋体字. */
  body: '仿宋_GB2312',
  /** 第一层 "一、" 黑体字. */
  heading1: '黑体',
  /** 第二层 "（一）" 楷体字. */
  heading2: '楷体_GB2312',
  /** 页码 4号半角宋体阿拉伯数字. */
  pageNumber: '宋体',
} as const;

/** Notes for the drafter stand out in red; they are deleted before the report is final. */
export const NOTE_COLOR = 'C00000';
