// The page's route module on its own: what is served, with which headers, and the Chinese answer
// when the bundle has not been built on the server yet.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import type { Server } from 'node:http';
import { defaultWebPaths, webRoutes, type WebPaths } from '../../aggregator/src/http/web-routes';

async function serve(paths: WebPaths): Promise<{ url: string; server: Server }> {
  const app = express();
  app.use(webRoutes(paths)({} as never));
  const server = app.listen(0);
  await new Promise<void>((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('web routes', () => {
  const bundleDir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-web-routes-'));
  afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

  it('serves the shell with a same-origin policy, the styles, the bundle and ECharts', async () => {
    writeFileSync(path.join(bundleDir, 'web.js'), 'console.log("built");');
    const { url, server } = await serve({ ...defaultWebPaths(), bundleDir });
    try {
      const index = await fetch(`${url}/`);
      expect(index.status).toBe(200);
      expect(index.headers.get('content-type')).toContain('text/html');
      expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(index.headers.get('x-frame-options')).toBe('DENY');
      expect(await index.text()).toContain('法治政府建设年度指标汇总系统');
      const js = await fetch(`${url}/assets/web.js`);
      expect(await js.text()).toBe('console.log("built");');
      expect(js.headers.get('cache-control')).toBe('no-cache');
      expect((await fetch(`${url}/assets/web.css`)).headers.get('content-type')).toContain('text/css');
      const echarts = await fetch(`${url}/assets/echarts.min.js`);
      expect(echarts.status).toBe(200);
      expect((await echarts.text()).length).toBeGreaterThan(500_000);
    } finally {
      server.close();
    }
  });

  it('says in Chinese how to build the page when the bundle or ECharts is missing', async () => {
    const { url, server } = await serve({ ...defaultWebPaths(), bundleDir: path.join(bundleDir, 'nowhere'), echartsFile: null });
    try {
      const bundle = await fetch(`${url}/assets/web.js`);
      expect(bundle.status).toBe(404);
      expect(await bundle.text()).toContain('npm run build');
      const echarts = await fetch(`${url}/assets/echarts.min.js`);
      expect(echarts.status).toBe(404);
      expect(await echarts.text()).toContain('ECharts 未安装');
    } finally {
      server.close();
    }
  });
});
