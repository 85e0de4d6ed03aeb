// The parse-pool job that reads a PDF's text (see pdf-reader.ts): a typed job, handed to the pool by
// import, whose answer (the text) is checked when it comes back from the child.
import { z } from 'zod';
import { defineParseJob } from '../../../../templates/src/core/parse-job';
import { pdfText } from './read-pdf';

export const readPdfJob = defineParseJob<string, null>({
  module: __filename,
  name: 'readPdfJob',
  run: (bytes, fileName) => pdfText(bytes, fileName),
  result: z.string(),
});
