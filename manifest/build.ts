// `tsx manifest/build.ts` (part of `npm run build`): writes dist/addin/manifest.xml and its icons.
// ADDIN_BASE_URL: the HTTPS address under which the aggregator serves /addin, e.g.
//   https://fazhi.example.gov.cn/addin ; unset, the developer address https://localhost:3000/addin is used.
// ADDIN_ID (optional GUID), ADDIN_VERSION (optional, e.g. 1.0.1.0), ADDIN_SUPPORT_URL (optional).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { iconPng } from './icons';
import { ICON_SIZES, buildManifest } from './manifest';

/** Where `npm start` serves the add-in on a developer's machine once HTTPS is configured. */
export const DEV_BASE_URL = 'https://localhost:3000/addin';

export interface ManifestBuild {
  file: string;
  baseUrl: string;
  /** True when ADDIN_BASE_URL was unset and the developer address was used. */
  developerDefault: boolean;
}

export function writeManifest(outDir: string, env: NodeJS.ProcessEnv = process.env): ManifestBuild {
  const given = env.ADDIN_BASE_URL?.trim();
  const baseUrl = given || DEV_BASE_URL;
  const xml = buildManifest({ baseUrl, id: env.ADDIN_ID || undefined, version: env.ADDIN_VERSION || undefined, supportUrl: env.ADDIN_SUPPORT_URL || undefined });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  const file = path.join(outDir, 'manifest.xml');
  writeFileSync(file, xml);
  for (const size of ICON_SIZES) writeFileSync(path.join(outDir, 'assets', `icon-${size}.png`), iconPng(size));
  return { file, baseUrl, developerDefault: !given };
}

if (require.main === module) {
  try {
    const built = writeManifest(path.resolve(__dirname, '..', 'dist', 'addin'));
    console.log(`已生成加载项清单：${built.file}（加载项地址 ${built.baseUrl}）`);
    if (built.developerDefault) {
      console.log('注意：未设置 ADDIN_BASE_URL，清单指向开发者本机地址，仅供旁加载调试。正式部署请设置为本系统的 HTTPS 地址后重新构建，如 ADDIN_BASE_URL=https://fazhi.example.gov.cn/addin npm run build');
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
