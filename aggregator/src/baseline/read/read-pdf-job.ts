// The parse-pool job that reads a PDF's text (see pdf-reader.ts).
import { pdfText } from './read-pdf';

export const run = (bytes: Buffer, fileName: string): Promise<string> => pdfText(bytes, fileName);
