// An in-memory Office/Excel host: the subset of Office.js the add-in's adapter calls, behaving like
// Excel where it matters to the add-in (locked cells refuse edits and formats while the sheet is
// protected, data validation stops typed values but not pastes, formulas are computed, onChanged
// fires on edits, getFileAsync hands over the file in slices). Runs in Node (jest) and in Chromium
// (bundled by test/browser/build-addin.ts through test/browser/fake-office-boot.ts).
//
//   host.ts        the application a test drives: sheets, selection, typing and pasting by hand
//   sheet.ts       one worksheet's cells, protection and change events
//   formula.ts     the formula evaluator; validation.ts  data validation on typed input
//   workbook.ts, worksheet.ts, range.ts, range-format.ts   the Excel.* objects the add-in sees
//   document.ts    Office.context.document.getFileAsync
//   install.ts     puts Office and Excel on the global object
export { parseBox } from './addresses';
export { FakeExcelHost, type FakeHostOptions, type FakeSheetSnapshot } from './host';
export { EXCEL_ENUMS, installFakeOffice } from './install';
export { FakeSheet, type FakeCell } from './sheet';
