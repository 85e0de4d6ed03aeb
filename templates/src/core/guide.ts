// Texts of the 填报说明 sheet. Pure, so the add-in can show the same guidance in its task pane.
import type { Catalogue, UnitType } from './catalogue';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, INPUT_SHEET, NOT_APPLICABLE, UNIT_TYPE_DISPLAY, column, submissionDeadline } from './contract';

export interface GuideLine {
  kind: 'title' | 'heading' | 'item';
  text: string;
  /** Row height in points for the guide sheet's one wrapped column of GUIDE_COLUMN_WIDTH. */
  height: number;
}

/**
 * The guide sheet's one column, in characters: it must fit a portrait A4 page with GUIDE_MARGIN_INCH
 * margins at 100 % (LibreOffice lays a character out at about 2.3 mm, Excel 1.9 mm), so nothing is cut off or shrunk on paper.
 */
export const GUIDE_COLUMN_WIDTH = 72;
export const GUIDE_MARGIN_INCH = 0.6;
const FONT_SIZE = { title: 16, heading: 12, item: 11 } as const;

/** Rough wrapped height (no program here can measure): a CJK character is about two '0's wide. */
function lineHeight(kind: GuideLine['kind'], text: string): number {
  const size = FONT_SIZE[kind];
  const units = [...text].reduce((n, ch) => n + (ch.charCodeAt(0) > 0xff ? 2 : 1), 0) * (size / 11);
  const lines = Math.max(1, Math.ceil(units / (GUIDE_COLUMN_WIDTH - 4)));
  return Math.round(lines * size * 1.45 + 8);
}

export const guideFontSize = (kind: GuideLine['kind']): number => FONT_SIZE[kind];

const zhDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export function guideLines(catalogue: Catalogue, unitType: UnitType, year: number): GuideLine[] {
  const value = column('value').header;
  const remark = column('remark').header;
  const code = column('code').header;
  const unit = column('unit').header;
  const line = (kind: GuideLine['kind'], text: string): GuideLine => ({ kind, text, height: lineHeight(kind, text) });
  const heading = (text: string): GuideLine => line('heading', text);
  const items = (...texts: string[]): GuideLine[] => texts.map((text) => line('item', text));
  return [
    line('title', `${year}年度法治政府建设情况指标填报说明`),
    heading('一、这张表是什么'),
    ...items(
      `依据《法治政府建设与责任落实督察工作规定》，各单位每年报告上一年度法治政府建设情况。本表是年度报告的标准指标表，按《法治政府建设实施纲要（2021－2025年）》的各个方面分部分列出指标，汇总单位直接读取本表数据，不再人工录入。`,
      `本表适用于：${UNIT_TYPE_DISPLAY[unitType]}。报告年度：${year}年（1月1日至12月31日）。`,
      `指标目录版本：${catalogue.version}。请使用汇总单位当年下发的模板，不要沿用往年表格。`,
    ),
    heading('二、怎样填写'),
    ...items(
      `1. 只在“${INPUT_SHEET}”工作表“${value}”列的黄色格内填写；蓝色格由公式自动计算；灰色格标有“${NOT_APPLICABLE}”的指标本单位不填报。`,
      `2. 数值只填阿拉伯数字，按“${unit}”列的单位填写（如件、人、万元），不要带“约”“余”、单位或文字说明。`,
      '3. 没有发生填0，不得留空；留空表示未填报。',
      `4. 是否类指标从下拉列表选择“${BOOLEAN_TRUE}”或“${BOOLEAN_FALSE}”；日期按“年-月-日”填写，如 ${year + 1}-02-28。`,
      '5. 比率（%）和合计由分子、分母或各分项自动计算，不要手工填写；分母为0或未填时比率为空。',
      `6. “${NOT_APPLICABLE}”的行保持原样，不要填数，也不要删除该行。`,
      `7. 口径说明、数据来源，以及与上年相比变化较大（如增减一半以上）的原因，请写在“${remark}”列。`,
      '8. 文字类指标（主要举措和成效、存在的不足和原因、下一年度主要安排等）直接写在填报格内，按 Alt+Enter 换行。',
      `9. 不要删除、移动或合并行，不要修改隐藏的“${code}”列：系统按每行的指标代码读取数据。工作表的保护没有密码，只为防止误改。`,
    ),
    heading('三、报送和公开时间'),
    ...items(
      `年度报告及本表应于${zhDate(submissionDeadline(year))}前报送本级党委和政府（部门同时报送上一级政府有关部门）。`,
      `年度报告应于${year + 1}年4月1日前通过报刊、网站等向社会公开（涉及党和国家秘密的除外）。`,
    ),
    heading('四、填完后怎样检查'),
    ...items(
      '1. 在 Excel 中使用“指标填报助手”加载项的“检查”功能，逐条显示有问题的单元格和修改方法。',
      '2. 使用 WPS 或 LibreOffice 填报时，可登录汇总系统，在“上传”页面勾选“只检查，不保存（试运行）”后上传本文件，查看检查结果；也可请汇总单位代为检查。',
      '3. 正式上传到汇总系统时会再次检查，有错误的表不会被接收，页面会逐条说明原因和所在单元格。',
    ),
  ];
}
