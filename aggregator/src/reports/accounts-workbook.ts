// The unit accounts made in one step, with their one-time passwords, as an xlsx the coordinator
// hands out (printed or sent unit by unit). The passwords are in this file only: the store keeps hashes.
import ExcelJS from 'exceljs';
import type { BulkAccountRow } from '../contract/accounts';
import { safeText } from './text';

export async function accountsWorkbook(scopeName: string, createdAt: string, rows: readonly BulkAccountRow[], loginUrl: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('单位账户', { pageSetup: { orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0, paperSize: 9 } });
  sheet.columns = [
    { header: '所属区', key: 'district', width: 14 },
    { header: '单位代码', key: 'code', width: 14 },
    { header: '单位名称', key: 'name', width: 34 },
    { header: '用户名', key: 'username', width: 16 },
    { header: '一次性密码', key: 'password', width: 18 },
  ];
  sheet.spliceRows(1, 0, [`${scopeName}填报单位账户（${createdAt} 建立，共 ${rows.length} 个）`], [
    `登录地址：${loginUrl}。首次登录后须立即设置自己的新密码；一次性密码只在本表中出现，请逐一交给各单位，分发完毕后删除本文件。`,
  ]);
  sheet.mergeCells(1, 1, 1, 5);
  sheet.mergeCells(2, 1, 2, 5);
  sheet.getRow(1).font = { bold: true, size: 13 };
  sheet.getRow(2).alignment = { wrapText: true };
  sheet.getRow(2).height = 32;
  sheet.getRow(3).font = { bold: true };
  for (const r of rows) {
    const row = sheet.addRow({ district: safeText(r.districtName), code: r.unitCode, name: safeText(r.unitName), username: r.username, password: r.oneTimePassword });
    // Monospace, so 8 and B, 5 and S are read right.
    row.getCell('password').font = { name: 'Consolas' };
    row.getCell('username').numFmt = '@';
    row.getCell('code').numFmt = '@';
  }
  sheet.views = [{ state: 'frozen', ySplit: 3 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
