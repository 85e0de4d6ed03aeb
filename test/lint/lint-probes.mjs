// Lints probe sources as if they were files of the project (ESLint's flat config loads as ESM, which
// jest's VM cannot, so boundaries.test.ts runs this in a child). stdin: [{file, code}]; stdout: the
// rule ids reported as errors for each probe, in order.
import { ESLint } from 'eslint';
import path from 'node:path';

const root = process.argv[2];
const probes = JSON.parse(await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => (text += chunk));
  process.stdin.on('end', () => resolve(text));
}));
const eslint = new ESLint({ cwd: root });
const out = [];
for (const { file, code } of probes) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  out.push(result.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? 'parse'));
}
process.stdout.write(JSON.stringify(out));
