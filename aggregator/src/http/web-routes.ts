// Serves the web page for coordinators and leaders from the aggregator itself (intranets have no
// internet): the page shell and styles from aggregator/src/web, the bundle from dist/web (webpack),
// and Apache ECharts from its installed dist file. Everything else under / is the page's business.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { RouteModule } from './route-context';

export interface WebPaths {
  /** index.html and styles.css (served as written). */
  pageDir: string;
  /** webpack output holding web.js. */
  bundleDir: string;
  /** echarts/dist/echarts.min.js, or null when the package is not installed. */
  echartsFile: string | null;
}

const ROOT = path.resolve(__dirname, '../../..');

export function defaultWebPaths(root = ROOT): WebPaths {
  let echartsFile: string | null = null;
  try {
    echartsFile = path.join(path.dirname(require.resolve('echarts/package.json', { paths: [root] })), 'dist', 'echarts.min.js');
  } catch {
    echartsFile = null;
  }
  // WEB_BUNDLE_DIR: another build's output (the browser tests build into a temporary folder).
  const bundleDir = process.env.WEB_BUNDLE_DIR || path.join(root, 'dist', 'web');
  return { pageDir: path.join(root, 'aggregator', 'src', 'web'), bundleDir, echartsFile };
}

/**
 * Only same-origin scripts, styles, images and requests: the page must keep working with no way out,
 * and an injected value can never load code. ECharts sets inline styles on its tooltip, hence style-src.
 */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

export function webRoutes(paths: WebPaths = defaultWebPaths()): RouteModule {
  return () => {
    const router = express.Router();
    // A deployment must show the new page at once; the files are small.
    const fresh: express.RequestHandler = (_req, res, next) => {
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      next();
    };
    const notBuilt = (what: string) => `${what}尚未生成：请在服务器上运行 npm run build 后重启汇总服务。`;
    const sendOr = (file: string | null, missing: string): express.RequestHandler => (_req, res) => {
      if (!file || !fs.existsSync(file)) {
        res.status(404).type('text/plain; charset=utf-8').send(missing);
        return;
      }
      res.sendFile(file);
    };

    router.get(['/', '/index.html'], fresh, (_req, res, next) => {
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('X-Frame-Options', 'DENY');
      res.setHeader('Referrer-Policy', 'same-origin');
      sendOr(path.join(paths.pageDir, 'index.html'), notBuilt('网页'))(_req, res, next);
    });
    router.get('/assets/web.css', fresh, sendOr(path.join(paths.pageDir, 'styles.css'), notBuilt('网页样式')));
    router.get('/assets/web.js', fresh, sendOr(path.join(paths.bundleDir, 'web.js'), notBuilt('网页脚本（web.js）')));
    router.get('/assets/echarts.min.js', (_req, res, next) => {
      res.setHeader('Cache-Control', 'public, max-age=86400');
      sendOr(paths.echartsFile, '图表库 ECharts 未安装：请在服务器上运行 npm ci 后重启汇总服务。')(_req, res, next);
    });
    return router;
  };
}
