// `npm run lint` step: fails when any two modules import each other, directly or around a loop,
// type-only imports included. Prints each loop's files.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { buildImportGraph, findCycles } from './import-graph';

const root = path.resolve(__dirname, '../..');
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts'], { cwd: root, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/'))
  .map((f) => path.join(root, f));
const cycles = findCycles(buildImportGraph(files));
if (cycles.length === 0) {
  console.log(`模块引用无循环（${files.length} 个文件）。`);
} else {
  console.error(`发现 ${cycles.length} 处模块循环引用（含仅类型引用），请把共用的类型或函数移到双方都可引用的模块：`);
  for (const cycle of cycles) console.error(`- ${cycle.map((f) => path.relative(root, f)).join(' ⇄ ')}`);
  process.exitCode = 1;
}
