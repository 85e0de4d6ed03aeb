// `tsx manifest/build.ts`: writes dist/addin/manifest.xml and its icons for this deployment.
// ADDIN_BASE_URL (required): the HTTPS address under which the aggregator serves /addin, e.g.
//   https://fazhi.example.gov.cn/addin   (developers: https://localhost:8443/addin)
// ADDIN_ID (optional GUID), ADDIN_VERSION (optional, e.g. 1.0.1.0), ADDIN_SUPPORT_URL (optional).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { iconPng } from './icons';
import { ICON_SIZES, buildManifest } from './manifest';

export function writeManifest(outDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const baseUrl = env.ADDIN_BASE_URL;
  if (!baseUrl) {
    throw new Error('请设置环境变量 ADDIN_BASE_URL 为本系统提供加载项的 HTTPS 地址，如 ADDIN_BASE_URL=https://fazhi.example.gov.cn/addin npm run build');
  }
  const xml = buildManifest({ baseUrl, id: env.ADDIN_ID || undefined, version: env.ADDIN_VERSION || undefined, supportUrl: env.ADDIN_SUPPORT_URL || undefined });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  const file = path.join(outDir, 'manifest.xml');
  writeFileSync(file, xml);
  for (const size of ICON_SIZES) writeFileSync(path.join(outDir, 'assets', `icon-${size}.png`), iconPng(size));
  return file;
}

if (require.main === module) {
  try {
    const file = writeManifest(path.resolve(__dirname, '..', 'dist', 'addin'));
    console.log(`已生成加载项清单：${file}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
