// Renders .docx files the way a reader sees them: LibreOffice Writer → PDF (with the test's font
// configuration, which maps the official 公文 fonts to free ones), then poppler for page size,
// text and PNG pictures of every page. Needs libreoffice-writer-nogui, poppler-utils,
// fonts-noto-cjk and fonts-arphic-ukai (installed by .ci/run).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const FONTS_CONF = path.join(__dirname, 'fonts.conf');

export interface RenderedPdf {
  name: string;
  pdf: string;
  pages: number;
  /** 'W x H pts', e.g. '595.304 x 841.89'. */
  pageSize: string;
  /** pdftotext per page (form feeds split pages). */
  pageTexts: string[];
  fonts: string;
  pngs: string[];
}

export function sofficePath(): string {
  const found = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
  if (!found) throw new Error('LibreOffice (soffice) is needed to render the drafts: apt-get install libreoffice-writer-nogui (see .ci/run)');
  return found;
}

/**
 * Converts every file in one LibreOffice run (one start-up for all), then reads each PDF. PNGs go
 * to `pngDir` as <name>-<page>.png, replacing earlier pictures of the same name.
 */
export async function renderDocx(files: { name: string; bytes: Buffer }[], workDir: string, pngDir: string, dpi = 50): Promise<Map<string, RenderedPdf>> {
  mkdirSync(workDir, { recursive: true });
  mkdirSync(pngDir, { recursive: true });
  const inputs = files.map((f) => {
    const file = path.join(workDir, `${f.name}.docx`);
    writeFileSync(file, f.bytes);
    return file;
  });
  await run(sofficePath(), ['--headless', '--norestore', `-env:UserInstallation=file://${workDir}/profile`, '--convert-to', 'pdf', '--outdir', workDir, ...inputs], {
    timeout: 240_000,
    env: { ...process.env, FONTCONFIG_FILE: FONTS_CONF },
  });
  const out = new Map<string, RenderedPdf>();
  for (const { name } of files) {
    const pdf = path.join(workDir, `${name}.pdf`);
    const info = (await run('pdfinfo', [pdf])).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const pageSize = /^Page size:\s+([\d.]+ x [\d.]+) pts/m.exec(info)?.[1] ?? '';
    const text = (await run('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 })).stdout;
    const fonts = (await run('pdffonts', [pdf])).stdout;
    for (const old of readdirSync(pngDir).filter((f) => f.startsWith(`${name}-`))) rmSync(path.join(pngDir, old));
    await run('pdftoppm', ['-r', String(dpi), '-png', pdf, path.join(pngDir, name)]);
    const pngs = readdirSync(pngDir).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort().map((f) => path.join(pngDir, f));
    out.set(name, { name, pdf, pages, pageSize, pageTexts: text.split('\f').slice(0, pages), fonts, pngs });
  }
  return out;
}

/** A page's text as one string: page number line and all whitespace removed. */
export const flatText = (pageText: string): string => pageText.replace(/—\s*\d+\s*—/g, '').replace(/\s+/g, '');
