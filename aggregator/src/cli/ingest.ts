// `npm run ingest -- <folders|files|zips…>`: uploads workbooks to a running aggregator over its
// HTTP API (the same path the web page and the add-in use), in batches, with a progress bar and a
// summary table at the end.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { outcomeOfLegacy, UPLOAD_OUTCOME_LABELS } from '../contract/submissions';
import { SEVERITY_LABELS } from '../contract/problems';
import path from 'node:path';
import { SingleBar, Presets } from 'cli-progress';
import Table from 'cli-table3';
import { Command } from 'commander';
import type { FileResult } from '../ingest/pipeline';

const UPLOADABLE = /\.(xlsx|zip)$/i;
/** Old binary Excel (and WPS) workbooks: the server reads .xlsx only, so they are named, not sent. */
const OLD_FORMAT = /\.(xls|et)$/i;
const SKIPPED_NAME = /^(~\$|\.)/;
/** The contract's outcome names; a dry run stores nothing, so its files are never 已接收. */
const outcomeZh = (r: FileResult, dryRun: boolean): string => {
  const outcome = outcomeOfLegacy(r.status);
  return dryRun && outcome === 'stored' ? '试运行（未保存）' : UPLOAD_OUTCOME_LABELS[outcome];
};

export function collectFiles(inputs: string[]): { files: string[]; missing: string[]; oldFormat: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const oldFormat: string[] = [];
  const walk = (p: string) => {
    const stat = statSync(p, { throwIfNoEntry: false });
    if (!stat) return missing.push(p);
    if (stat.isDirectory()) {
      for (const name of readdirSync(p).sort()) if (!SKIPPED_NAME.test(name)) walk(path.join(p, name));
    } else if (SKIPPED_NAME.test(path.basename(p))) return;
    else if (UPLOADABLE.test(p)) files.push(p);
    else if (OLD_FORMAT.test(p)) oldFormat.push(p);
  };
  inputs.forEach(walk);
  return { files, missing, oldFormat };
}

export function oldFormatAdvice(oldFormat: readonly string[]): string {
  const shown = oldFormat.slice(0, 20).map((f) => `  ${path.relative(process.cwd(), f) || f}`);
  return [
    `已跳过 ${oldFormat.length} 个旧版 Excel 文件（.xls / .et，本系统只接收 .xlsx）：`,
    ...shown,
    ...(oldFormat.length > shown.length ? [`  ……另有 ${oldFormat.length - shown.length} 个`] : []),
    '请用 Excel 或 WPS 打开这些文件，点“文件 → 另存为”，保存类型选“Excel 工作簿（*.xlsx）”，保存后重新运行 npm run ingest。',
  ].join('\n');
}

/** The aggregator's address and where it came from (--server, AGGREGATOR_URL or the default), for messages. */
interface Server {
  url: string;
  from: string;
}

/** The server could not be reached at all (nothing listening, wrong host): say where we tried. */
class ConnectionError extends Error {}

/** fetch, with a network failure ("fetch failed") turned into a Chinese message naming the address. */
async function request(server: { url: string; from: string }, pathAndQuery: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${server.url}${pathAndQuery}`, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new ConnectionError(
      `无法连接汇总端 ${server.url}（${why}，地址来自${server.from}）。请确认汇总端已启动（npm start），` +
        '或用 --server 地址 或环境变量 AGGREGATOR_URL 指定汇总端的地址，如 --server https://fazhi.example.gov.cn',
    );
  }
}

/**
 * How the CLI signs in: an API token (scripts), or a username and password (a person at the
 * terminal, e.g. the first administrator right after `npm start`) exchanged for a session.
 */
async function signIn(server: Server, opts: { token?: string; user?: string; password?: string }): Promise<Record<string, string>> {
  if (opts.token) return { authorization: `Bearer ${opts.token}` };
  if (!opts.user) return {};
  if (!opts.password) throw new RefusedError('使用 --user 时请用环境变量 AGGREGATOR_PASSWORD（或 --password）提供密码。');
  const response = await request(server, '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: opts.user, password: opts.password }),
  });
  const body = (await response.json().catch(() => ({}))) as { csrfToken?: string; error?: { message: string } };
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!response.ok || !body.csrfToken || !cookie) throw new RefusedError(body.error?.message ?? `登录失败（HTTP ${response.status}）`);
  return { cookie, 'x-csrf-token': body.csrfToken };
}

/** Waits before each new try of a batch the server answered 503 (busy): about a minute and a half in all. */
const BUSY_RETRY_SECONDS = [2, 5, 15, 30, 30];

async function uploadBatch(server: Server, files: string[], dryRun: boolean, credentials: Record<string, string>): Promise<FileResult[]> {
  const form = new FormData();
  for (const file of files) form.append('files', new Blob([readFileSync(file)]), path.basename(file));
  const send = () => request(server, `/api/submissions${dryRun ? '?dryRun=1' : ''}`, { method: 'POST', body: form, headers: credentials });
  let response = await send();
  // 503 means nothing of this batch was stored (server busy with other uploads, database busy): wait and send it again.
  for (const seconds of BUSY_RETRY_SECONDS) {
    if (response.status !== 503) break;
    const reason = ((await response.json().catch(() => ({}))) as { error?: { message?: string } }).error?.message ?? '汇总端繁忙';
    process.stderr.write(`\n${reason}\n${seconds} 秒后自动重新上传这一批……\n`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    response = await send();
  }
  const body = (await response.json().catch(() => ({}))) as { files?: FileResult[]; error?: { message: string } };
  if (response.status === 401 || response.status === 403) {
    // The server refused the account, not the files: say how a script signs in.
    throw new RefusedError(
      `${body.error?.message ?? `汇总端拒绝访问（HTTP ${response.status}）`}（命令行请用 --token 或环境变量 AGGREGATOR_TOKEN 提供 API 令牌——令牌由市级管理员在“账号管理”中为您的账号创建；或用 --user 账号名并以环境变量 AGGREGATOR_PASSWORD 提供密码）`,
    );
  }
  if (!response.ok || !body.files) throw new Error(body.error?.message ?? `汇总端返回 HTTP ${response.status}`);
  // The server names files by their upload name; keep the local path for the table.
  return body.files.map((r, i) => (files.length === body.files!.length ? { ...r, file: path.relative(process.cwd(), files[i]) } : r));
}

/** The server answered, but refused the caller: no advice to start the server. */
class RefusedError extends Error {}

async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('npm run ingest --')
    .description('把文件夹、.xlsx 或 .zip 中的工作簿上传到汇总端')
    .argument('<paths...>', '文件夹、.xlsx 或 .zip')
    .option('--server <url>', '汇总端地址（也可用环境变量 AGGREGATOR_URL；默认 http://127.0.0.1:3000）')
    .option('--token <token>', 'API 令牌（也可用环境变量 AGGREGATOR_TOKEN）', process.env.AGGREGATOR_TOKEN)
    .option('--user <name>', '以账号密码登录（密码用环境变量 AGGREGATOR_PASSWORD 或 --password 提供）', process.env.AGGREGATOR_USER)
    .option('--password <password>', '密码（建议改用环境变量 AGGREGATOR_PASSWORD，以免留在命令历史中）', process.env.AGGREGATOR_PASSWORD)
    .option('--batch <n>', '每次请求上传的文件数', '50')
    .option('--dry-run', '只检查，不保存')
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch {
    return 2;
  }
  const opts = program.opts<{ server?: string; token?: string; user?: string; password?: string; batch: string; dryRun?: boolean }>();
  const server: Server = opts.server
    ? { url: opts.server.replace(/\/$/, ''), from: ' --server' }
    : process.env.AGGREGATOR_URL
      ? { url: process.env.AGGREGATOR_URL.replace(/\/$/, ''), from: '环境变量 AGGREGATOR_URL' }
      : { url: 'http://127.0.0.1:3000', from: '默认值（未设置 --server 或 AGGREGATOR_URL）' };
  const { files, missing, oldFormat } = collectFiles(program.args);
  for (const m of missing) console.error(`找不到“${m}”，已跳过。`);
  if (oldFormat.length > 0) console.error(oldFormatAdvice(oldFormat));
  if (files.length === 0) {
    console.error('没有找到可上传的 .xlsx 或 .zip 文件。');
    return 1;
  }
  const batch = Math.max(1, Number(opts.batch) || 50);
  const bar = new SingleBar({ format: '上传 [{bar}] {value}/{total} 个文件 {percentage}%', hideCursor: true }, Presets.shades_classic);
  bar.start(files.length, 0);
  const results: FileResult[] = [];
  try {
    const credentials = await signIn(server, opts);
    for (let i = 0; i < files.length; i += batch) {
      const chunk = files.slice(i, i + batch);
      results.push(...(await uploadBatch(server, chunk, Boolean(opts.dryRun), credentials)));
      bar.update(Math.min(i + batch, files.length));
    }
  } catch (e) {
    bar.stop();
    const reason = e instanceof Error ? e.message : String(e);
    const advice = e instanceof RefusedError || e instanceof ConnectionError ? '' : `；请确认汇总端 ${server.url} 已启动：npm start`;
    console.error(`上传中断：${reason}（已完成 ${results.length} 个文件${advice}）`);
    printSummary(results, Boolean(opts.dryRun));
    return 1;
  }
  bar.stop();
  printSummary(results, Boolean(opts.dryRun));
  return results.some((r) => r.status === 'rejected') ? 1 : 0;
}

/** The per-file table: plain text (no colours, no quotes), columns sized for Chinese characters. */
export function summaryTable(results: readonly FileResult[], dryRun: boolean): string {
  const table = new Table({ head: ['文件', '结果', '单位', '年度', '版本', SEVERITY_LABELS.error, SEVERITY_LABELS.warning], style: { head: [], border: [] } });
  for (const r of results) {
    table.push([
      r.file,
      outcomeZh(r, dryRun),
      r.unitName ?? r.unit ?? '',
      r.year ?? '',
      // A dry run stores nothing, so it has no version to show.
      dryRun ? '' : (r.version ?? ''),
      r.problems.filter((p) => p.severity === 'error').length,
      r.problems.filter((p) => p.severity === 'warning').length,
    ]);
  }
  return table.toString();
}

function printSummary(results: FileResult[], dryRun: boolean): void {
  if (results.length === 0) return;
  console.log(dryRun ? '\n（试运行：只检查，未保存任何文件）' : '');
  console.log(summaryTable(results, dryRun));
  for (const r of results.filter((x) => x.status === 'rejected')) {
    console.log(`\n✗ ${r.file}`);
    for (const p of r.problems.filter((x) => x.severity === 'error').slice(0, 10)) console.log(`  - ${p.message}`);
  }
  const count = (s: FileResult['status']) => results.filter((r) => r.status === s).length;
  console.log(
    dryRun
      ? `\n合计 ${results.length} 个文件（试运行，未保存）：可接收 ${count('accepted')}，重复 ${count('duplicate')}，已拒收 ${count('rejected')}。`
      : `\n合计 ${results.length} 个文件：已接收 ${count('accepted')}，重复 ${count('duplicate')}，已拒收 ${count('rejected')}。`,
  );
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
