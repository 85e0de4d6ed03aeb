// Office.context.document: getFileAsync hands over the workbook as .xlsx bytes in slices, the way
// Office does, so the add-in's slice loop runs. The bytes come from the test's serializer (exceljs in
// the test process); without one the host has no getFileAsync, like hosts lacking the File API.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { FakeExcelHost, FakeHostOptions } from './host';

// Office's default and largest slice size (4 MB).
const DEFAULT_SLICE_SIZE = 4194304;

export function makeDocument(host: FakeExcelHost, options: FakeHostOptions): any {
  const document: any = {};
  if (options.serialize) {
    document.getFileAsync = (fileType: string, opts: { sliceSize?: number }, callback: (r: any) => void) => {
      options.serialize!(host.snapshot()).then(
        (bytes) => {
          const size = Math.min(opts?.sliceSize ?? DEFAULT_SLICE_SIZE, options.maxSliceSize ?? DEFAULT_SLICE_SIZE);
          const count = Math.max(1, Math.ceil(bytes.length / size));
          // Slices and close answer on a later tick, as a real host's would, so the add-in cannot lean on
          // callbacks running synchronously.
          const file = {
            size: bytes.length,
            sliceCount: count,
            getSliceAsync: (i: number, cb: (r: any) => void) =>
              setTimeout(() => cb({ status: 'succeeded', value: { index: i, size, data: Array.from(bytes.subarray(i * size, (i + 1) * size)) } }), 0),
            closeAsync: (cb?: () => void) => setTimeout(() => cb?.(), 0),
          };
          host.calls.push(`getFileAsync:${fileType}:${count}`);
          callback({ status: 'succeeded', value: file });
        },
        (error: Error) => callback({ status: 'failed', error: { message: error.message } }),
      );
    };
  }
  return document;
}
