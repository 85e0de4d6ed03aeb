// Serves the Excel add-in from the aggregator: the built pages and bundles (dist/web), the manifest
// and icons (dist/addin), and — for intranets without internet — the whole @microsoft/office-js
// dist folder, since office.js loads its sibling files (locales, host scripts) at run time.
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { RouteModule } from './route-context';
import { errorText } from '../../../templates/src/core/error-catalogue';

export interface AddinPaths {
  /** webpack output: taskpane.html/js, commands.html/js. */
  webDir: string;
  /** manifest build output: manifest.xml, assets/icon-*.png. */
  addinDir: string;
  /** @microsoft/office-js/dist, or null when the package is not installed. */
  officeJsDir: string | null;
}

const ROOT = path.resolve(__dirname, '../../..');

export function defaultAddinPaths(root = ROOT): AddinPaths {
  let officeJsDir: string | null = null;
  try {
    officeJsDir = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json', { paths: [root] })), 'dist');
  } catch {
    officeJsDir = null;
  }
  // WEB_BUNDLE_DIR / ADDIN_MANIFEST_DIR / OFFICE_JS_DIR: another build's output (or a fake Office host) (the browser tests build into a temporary folder).
  return {
    webDir: process.env.WEB_BUNDLE_DIR || path.join(root, 'dist', 'web'),
    addinDir: process.env.ADDIN_MANIFEST_DIR || path.join(root, 'dist', 'addin'),
    officeJsDir: process.env.OFFICE_JS_DIR || officeJsDir,
  };
}

const ADDIN_FILES = /^\/addin\/(taskpane|commands)\.(html|js)$/;

export function addinRoutes(paths: AddinPaths = defaultAddinPaths()): RouteModule {
  return () => {
    const router = express.Router();
    // Pages and the manifest must never be stale after a deployment; bundles are small enough not to matter.
    const noCache: express.RequestHandler = (_req, res, next) => {
      res.setHeader('Cache-Control', 'no-cache');
      next();
    };
    const notBuilt = (what: string): express.RequestHandler => (_req, res) => {
      const { code, status, message } = errorText('ADDIN_NOT_BUILT', { what });
      res.status(status).json({ error: { code, message } });
    };

    router.get('/addin/manifest.xml', noCache, (_req, res, next) => {
      const file = path.join(paths.addinDir, 'manifest.xml');
      if (!fs.existsSync(file)) return notBuilt('加载项清单（manifest.xml）')(_req, res, next);
      res.type('application/xml');
      res.sendFile(file);
    });
    router.use('/addin/assets', express.static(path.join(paths.addinDir, 'assets'), { index: false }));
    if (paths.officeJsDir) {
      router.use('/addin/office-js', express.static(paths.officeJsDir, { index: false, maxAge: '1d' }));
    } else {
      router.use('/addin/office-js', notBuilt('office.js（@microsoft/office-js 未安装）'));
    }
    router.get(ADDIN_FILES, noCache, (req, res, next) => {
      const file = path.join(paths.webDir, path.basename(req.path));
      if (!fs.existsSync(file)) return notBuilt('填报助手页面')(req, res, next);
      res.sendFile(file);
    });
    router.get('/addin', (_req, res) => res.redirect('/addin/taskpane.html'));
    // Anything else under /addin: a Chinese answer here rather than an error for the API's mapper.
    router.use('/addin', (req, res) => {
      const { code, status, message } = errorText('NOT_FOUND', { addinFile: req.originalUrl });
      res.status(status).json({ error: { code, message } });
    });
    return router;
  };
}
