// Looks at generated workbooks and documents as a reader would: converted by LibreOffice to PDF
// (each conversion with its own profile, so parallel tests do not share one), measured with
// poppler (pages, page size, words with their boxes), and kept as PNG pages for people to open.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ARTIFACTS = path.resolve(__dirname, '../artifacts');

export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

export interface PdfPage {
  width: number;
  height: number;
}

export interface Pdf {
  file: string;
  pages: PdfPage[];
  words: PdfWord[];
  /** The text of each page, in reading order. */
  text: string[];
}

/** Converts a .xlsx or .docx to PDF with LibreOffice; answers the PDF's path (in a fresh folder). */
export function convertToPdf(bytes: Uint8Array, fileName: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'look-'));
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  try {
    const input = path.join(dir, fileName);
    writeFileSync(input, bytes);
    execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, input], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    return input.replace(/\.[^.]+$/, '.pdf');
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Pages, sizes and words with boxes (pdftotext -bbox), in points. */
export function readPdf(file: string): Pdf {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const pages: PdfPage[] = [];
  const words: PdfWord[] = [];
  const text: string[] = [];
  const pageRe = /<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g;
  const wordRe = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (const p of html.matchAll(pageRe)) {
    const page = pages.length + 1;
    pages.push({ width: Number(p[1]), height: Number(p[2]) });
    const onPage: string[] = [];
    for (const w of p[3].matchAll(wordRe)) {
      const word = decode(w[5]);
      words.push({ page, text: word, xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]) });
      onPage.push(word);
    }
    text.push(onPage.join(' '));
  }
  return { file, pages, words, text };
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/**
 * The printed size of the smallest text, in points: a word's box is its font size times the font's
 * ascent + descent (about 1.2 for the Noto CJK and Liberation fonts LibreOffice uses here).
 */
export const smallestFontPoints = (pdf: Pdf): number => Math.min(...pdf.words.map((w) => (w.yMax - w.yMin) / 1.2));

/** A4 in points, either way round. */
export const isA4 = (p: PdfPage, orientation: 'portrait' | 'landscape'): boolean => {
  const [w, h] = orientation === 'portrait' ? [595.3, 841.9] : [841.9, 595.3];
  return Math.abs(p.width - w) < 2 && Math.abs(p.height - h) < 2;
};

/** Renders every page to PNG under test/artifacts/<name>/ for people to look at; answers the files. */
export function keepPngs(pdfFile: string, name: string, dpi = 60): string[] {
  const dir = path.join(ARTIFACTS, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', pdfFile, path.join(dir, 'page')]);
  return readdirSync(dir).map((f) => path.join(dir, f));
}
