// The rollup workbook, written with exceljs's streaming writer so that a province (20,000 units)
// is written row by row with flat memory.
import ExcelJS from 'exceljs';
import { districtGroup } from '../rollup/scope';
import type { Rollup, RollupScope } from '../rollup/types';
import { writeDetailSheet, writeFindingsSheet, writeStatusSheet, writeTextsSheet } from './detail-sheets';
import { writeSummarySheet } from './summary-sheet';
import { outputClosed, pacer } from './xlsx-style';

export { SUMMARY_SHEET } from './summary-sheet';
export { DETAIL_SHEET, FINDINGS_SHEET, STATUS_SHEET, TEXTS_SHEET } from './detail-sheets';

export async function writeRollupWorkbook(rollup: Rollup, scope: RollupScope, out: NodeJS.WritableStream): Promise<void> {
  // Unknown district: fail before a single byte is written, so the caller can still answer 404.
  const name = scope.level === 'city' ? '全市' : districtGroup(rollup, scope.code).name;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out as unknown as import('stream').Stream,
    useSharedStrings: false,
    useStyles: true,
  });
  workbook.creator = '法治政府建设指标汇总';
  workbook.title = `${rollup.year}年度法治政府建设指标汇总（${name}）`;
  workbook.created = new Date();
  // Resolve only once every byte reached `out` (the writer ends it); fail if `out` fails or is
  // closed first (an aborted download), rather than wait forever.
  const flushed = new Promise<void>((resolve, reject) => {
    let finished = false;
    out.once('finish', () => {
      finished = true;
      resolve();
    });
    out.once('error', reject);
    out.once('close', () => (finished ? resolve() : reject(outputClosed())));
  });
  // Whichever fails first wins; the other rejection must not go unhandled.
  flushed.catch(() => undefined);
  const pace = pacer(out);
  writeSummarySheet(workbook, rollup, scope);
  await writeDetailSheet(workbook, rollup, scope, pace);
  await writeStatusSheet(workbook, rollup, scope, pace);
  await writeTextsSheet(workbook, rollup, scope, pace);
  await writeFindingsSheet(workbook, rollup, scope, pace);
  await Promise.race([workbook.commit(), flushed]);
  await flushed;
}

/** File name for a download, e.g. 2024年度法治政府建设指标汇总_南开区.xlsx. */
export function rollupFileName(rollup: Rollup, scope: RollupScope, ext: 'xlsx' | 'csv'): string {
  const name = scope.level === 'city' ? '全市' : districtGroup(rollup, scope.code).name;
  const what = ext === 'csv' ? '单位明细' : '指标汇总';
  return `${rollup.year}年度法治政府建设${what}_${name}.${ext}`;
}
