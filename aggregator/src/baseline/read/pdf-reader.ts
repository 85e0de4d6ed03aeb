// PDF text is read in a child process of the project's parse pool, like every workbook: pdf.js on
// a hostile file may loop or exhaust memory, and a child is killed on timeout while the server
// stays up. (It also keeps pdf.js's dynamic ESM import out of the host process, which jest's
// module sandbox cannot run.)
import { appError, revivedError } from '../../../../templates/src/core/error-catalogue';
import { createParsePool, type ParsePool } from '../../ingest/parse-pool';
import { readPdfJob } from './read-pdf-job';

export interface PdfReader {
  read(bytes: Buffer, fileName: string): Promise<string>;
  close(): Promise<void>;
}

export interface PdfReaderOptions {
  workers: number;
  timeoutMs: number;
  memoryMb: number;
}

const DEFAULTS: PdfReaderOptions = { workers: 1, timeoutMs: 30_000, memoryMb: 384 };

/** The child starts on the first PDF: most servers never read one, and each child costs memory. */
export function createPdfReader(options: Partial<PdfReaderOptions> = {}): PdfReader {
  const opts = { ...DEFAULTS, ...options };
  let pool: ParsePool<string> | undefined;
  return {
    async read(bytes, fileName) {
      pool ??= createParsePool({ ...opts, maxQueue: 64, job: readPdfJob, jobOptions: null });
      const outcome = await pool.parse(bytes, fileName);
      if (outcome.ok) return outcome.result;
      const { code } = outcome.error;
      // The pool's own timeout and crash messages speak of workbooks.
      if (code === 'PARSE_TIMEOUT' || code === 'PARSE_CRASHED' || code === 'PARSE_FAILED' || code === 'PARSE_ANSWER_INVALID') {
        throw appError(code, { pdfFile: fileName });
      }
      throw revivedError(outcome.error);
    },
    close: async () => {
      await pool?.close();
      pool = undefined;
    },
  };
}
