// Stands in for office.js in the browser test: installs the in-memory Excel host on window. The file
// bytes for getFileAsync come from the test process (window.fakeSerialize, exposed by Playwright),
// which writes the fake workbook as a real .xlsx with exceljs.
import { installFakeOffice, type FakeSheetSnapshot } from '../support/fake-office';

declare global {
  interface Window {
    fakeSerialize?: (sheets: FakeSheetSnapshot[]) => Promise<string>;
    fakeHost?: ReturnType<typeof installFakeOffice>;
    /** Set by a test before the page loads: a host without getFileAsync (the values-only fallback). */
    fakeWithoutFile?: boolean;
  }
}

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

window.fakeHost = installFakeOffice(window, {
  // Small slices, so the add-in's slice loop is exercised on a ~30 KB workbook.
  maxSliceSize: 8192,
  serialize: window.fakeWithoutFile ? undefined : async (sheets) => fromBase64(await window.fakeSerialize!(sheets)),
});
