// Builds the aggregator's web page exactly as `npm run build` does (the project's webpack config,
// entry `web` only) into a temporary folder, for the browser tests.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpack from 'webpack';

const ROOT = path.resolve(__dirname, '../../..');

export interface BuiltWeb {
  /** Holds web.js; remove it when done. */
  dir: string;
}

export function runWebpack(config: webpack.Configuration): Promise<void> {
  return new Promise((resolve, reject) => {
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

export async function buildWeb(): Promise<BuiltWeb> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-web-'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const projectConfig = require(path.join(ROOT, 'webpack.config.js'))({}, { mode: 'production' }) as webpack.Configuration;
  const entry = projectConfig.entry as Record<string, string>;
  if (!entry.web) throw new Error('webpack.config.js has no `web` entry (aggregator/src/web/index.ts missing?)');
  await run(projectConfig, entry.web, dir);
  return { dir };
}

function run(projectConfig: webpack.Configuration, web: string, dir: string): Promise<void> {
  return runWebpack({ ...projectConfig, context: ROOT, devtool: false, entry: { web }, plugins: [], output: { ...projectConfig.output, path: dir } });
}
