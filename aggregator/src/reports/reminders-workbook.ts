// 催报清单: the units still missing on the board, with the contact to chase (填报人及联系电话 from
// the unit's sheet of the year before, when there is one), as an xlsx the coordinator prints or sends.
import ExcelJS from 'exceljs';
import { safeText } from './text';

export interface ReminderRow {
  group: string;
  code: string;
  name: string;
  /** '' when no earlier sheet names one. */
  contact: string;
}

export async function remindersWorkbook(year: number, deadline: string, rows: readonly ReminderRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('催报清单', { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  sheet.columns = [
    { header: '所属区', key: 'group', width: 14 },
    { header: '单位代码', key: 'code', width: 14 },
    { header: '单位名称', key: 'name', width: 34 },
    { header: '填报人及联系电话（上年报表）', key: 'contact', width: 36 },
  ];
  sheet.spliceRows(1, 0, [`${year} 年度法治政府建设指标未报送单位催报清单（截止日期 ${deadline}，共 ${rows.length} 家）`]);
  sheet.mergeCells(1, 1, 1, 4);
  sheet.getRow(1).font = { bold: true, size: 13 };
  sheet.getRow(2).font = { bold: true };
  for (const r of rows) sheet.addRow({ group: safeText(r.group), code: r.code, name: safeText(r.name), contact: safeText(r.contact) });
  sheet.views = [{ state: 'frozen', ySplit: 2 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
