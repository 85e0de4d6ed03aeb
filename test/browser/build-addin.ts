// Builds the task pane exactly as `npm run build` does (the project's webpack config), plus the fake
// office.js, into a temporary folder laid out like dist/: web/, addin/, office-js/.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type webpack from 'webpack';
import { runWebpack as run } from './support/build-web';

const ROOT = path.resolve(__dirname, '../..');

export interface BuiltAddin {
  dir: string;
  webDir: string;
  officeJsDir: string;
}

export async function buildAddin(): Promise<BuiltAddin> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-addin-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const projectConfig = require(path.join(ROOT, 'webpack.config.js'))({}, { mode: 'development' }) as webpack.Configuration;
  const entry = projectConfig.entry as Record<string, string>;
  const webDir = path.join(dir, 'web');
  const officeJsDir = path.join(dir, 'office-js');
  await run({ ...projectConfig, context: ROOT, devtool: false, entry: { taskpane: entry.taskpane }, output: { ...projectConfig.output, path: webDir } });
  await run({
    ...projectConfig,
    context: ROOT,
    devtool: false,
    plugins: [],
    entry: { office: './test/browser/fake-office-boot.ts' },
    output: { path: officeJsDir, filename: '[name].js', clean: true },
  });
  return { dir, webDir, officeJsDir };
}
