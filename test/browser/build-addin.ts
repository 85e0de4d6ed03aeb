// Builds the task pane exactly as `npm run build` does (the project's webpack config), plus the fake
// office.js, into a temporary folder laid out like dist/: web/, addin/, office-js/.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpack from 'webpack';

const ROOT = path.resolve(__dirname, '../..');

export interface BuiltAddin {
  dir: string;
  webDir: string;
  officeJsDir: string;
}

function run(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
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
