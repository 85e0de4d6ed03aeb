// `npm run corpus -- <folder>`: writes the hardening corpus (bad workbooks built by code) to a folder,
// with manifest.json giving each file's expected answer, so the files can be tried by hand, in the
// add-in or against another deployment. The same corpus is run over HTTP by test/hardening.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../aggregator/src/config';
import { buildCorpus, CORPUS_UNIT, CORPUS_YEAR } from '../test/hardening/corpus';

async function main(): Promise<void> {
  const program = new Command()
    .name('corpus')
    .description('生成“坏文件”测试集（各类损坏、伪装、恶意构造的工作簿）及其预期结果清单 manifest.json')
    .argument('[folder]', '输出目录', 'corpus')
    .option('--upload-max-bytes <n>', '服务器的上传大小上限（字节），超限文件比它大 1 字节', String(loadConfig({}).uploadMaxBytes))
    .parse();
  const folder = path.resolve(program.args[0] ?? 'corpus');
  const uploadMaxBytes = Number(program.opts<{ uploadMaxBytes: string }>().uploadMaxBytes);
  if (!Number.isInteger(uploadMaxBytes) || uploadMaxBytes < 1024) {
    console.error('--upload-max-bytes 应为不小于 1024 的整数');
    process.exit(1);
  }
  mkdirSync(folder, { recursive: true });
  const corpus = await buildCorpus({ uploadMaxBytes });
  const files = corpus.map((entry) => {
    writeFileSync(path.join(folder, entry.name), entry.bytes);
    return {
      file: entry.name,
      title: entry.title,
      bytes: entry.bytes.length,
      sha256: createHash('sha256').update(entry.bytes).digest('hex'),
      expect: entry.expect,
    };
  });
  const manifest = {
    description: 'Upload each file alone to POST /api/submissions (field "files"); expect is the answer the aggregator must give.',
    unit: CORPUS_UNIT,
    year: CORPUS_YEAR,
    uploadMaxBytes,
    files,
  };
  writeFileSync(path.join(folder, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  console.log(`已写出 ${files.length} 个测试文件及 manifest.json 到 ${folder}`);
}

void main();
