// Rollup outputs: the workbook (xlsx, streamed) and the 单位明细 CSV.
export { writeRollupWorkbook, rollupFileName, SUMMARY_SHEET, DETAIL_SHEET, STATUS_SHEET, TEXTS_SHEET, FINDINGS_SHEET } from './rollup-workbook';
export { rollupCsv, rollupCsvStream } from './rollup-csv';
export { csvSafe, safeText } from './text';
