// GET /api/reports/{year}/draft.docx and `npm run draft` over the real server and store, on SQLite and
// PostgreSQL: filled workbooks for 和平区 (one unit missing) are uploaded, and the drafts must say the
// numbers worked out by hand below, each account getting only its own unit or district.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RegistryUnit } from '../../templates/src/core/registry';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { bookmarksOf, commentsOf, docxParts, paragraphsOf } from '../support/docx-parts';
import type { FillValue } from '../support/fill-workbook';
import { callerFor, fetchJson, startTestServer, type Caller, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const units = new Map(sampleRegistry().map((u) => [u.code, u]));
const unit = (code: string): RegistryUnit => units.get(code)!;

const exam = (required: number, passed: number) => ({
  'learn.exam_required': required,
  'learn.exam_participants': required,
  'learn.exam_passed': passed,
  'learn.online_all_completed': '是',
});
/** 和平区 2024: 区人民政府, 办公室 and 司法局 report; 市场监管局 (120101003) does not. 河东区司法局 for scope. */
const Y2024: Record<string, Record<string, FillValue>> = {
  '120101000': {
    'reg.ns_issued': 12, 'reg.ns_filed': 12, 'leader.lectured': '是', ...exam(10000, 9000),
    'recon.accepted': 30, 'recon.carried_over': 0, 'recon.closed': 20,
    'recon.revoked_changed': 2, 'recon.confirmed_illegal': 1, 'recon.ordered_perform': 0, 'recon.mediated': 3,
  },
  '120101001': { 'reg.ns_issued': 3, 'reg.ns_filed': 3, 'leader.lectured': '否', ...exam(50, 50) },
  '120101002': { 'reg.ns_issued': 0, 'reg.ns_filed': 0, 'leader.lectured': '是', ...exam(20, 10) },
  '120102001': { 'leader.lectured': '是' },
};
/** 2023: the 区人民政府 received 25 cases and corrected 1 of 16 closed. */
const Y2023: Record<string, Record<string, FillValue>> = {
  '120101000': { 'recon.accepted': 25, 'recon.carried_over': 0, 'recon.closed': 16, 'recon.revoked_changed': 1, 'recon.confirmed_illegal': 0, 'recon.ordered_perform': 0, 'recon.mediated': 0 },
};

const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
function runCli(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [path.resolve(__dirname, '../../aggregator/src/cli/draft.ts'), ...args], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The body text of a draft, one string per paragraph. */
async function draftText(bytes: Buffer): Promise<{ text: string; parts: Map<string, string> }> {
  const parts = await docxParts(bytes);
  return { text: paragraphsOf(parts.get('word/document.xml')!).map((p) => p.text).join('\n'), parts };
}

const customProps = (parts: Map<string, string>) => Object.fromEntries([...parts.get('docProps/custom.xml')!.matchAll(/name="([^"]+)"><vt:lpwstr>([^<]*)</g)].map((m) => [m[1], m[2]]));

forEachDatabase((db) => {
  let server: TestServer;
  let unitCaller: Caller;
  let coordinator: Caller;
  let leader: Caller;
  const ids = new Map<string, string>();

  const upload = async (year: number, values: Record<string, Record<string, FillValue>>) => {
    const form = new FormData();
    for (const [code, overrides] of Object.entries(values)) form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit(code), year, overrides))]), `${code}.xlsx`);
    const { body } = await fetchJson(`${server.url}/api/submissions`, server.authed({ method: 'POST', body: form }));
    expect(body.files.filter((f: { status: string }) => f.status !== 'accepted')).toEqual([]);
    for (const f of body.files) ids.set(`${year}-${f.unit}`, f.submissionId);
  };
  const draft = (query: string, who: Caller = server.admin) => fetch(`${server.url}/api/reports/2024/draft.docx?${query}`, { headers: who.headers });

  beforeAll(async () => {
    server = await startTestServer(db);
    await upload(2023, Y2023);
    await upload(2024, Y2024);
    unitCaller = await callerFor(server, 'unit', { unitCode: '120101001' });
    coordinator = await callerFor(server, 'district_admin', { districtCode: '120101' }, 'cookie');
    leader = await callerFor(server, 'leader');
  }, 120_000);
  afterAll(() => server?.close());

  it('writes the district draft with the hand-computed numbers, notes, bookmarks, comments and properties', async () => {
    const response = await draft('level=district&code=120101');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(DOCX);
    expect(decodeURIComponent(response.headers.get('content-disposition')!)).toContain("filename*=UTF-8''2024年和平区法治政府建设情况报告（草稿）.docx");
    const { text, parts } = await draftText(Buffer.from(await response.arrayBuffer()));
    // 12 + 3 + 0 issued and filed: all filed, 100 %; 120101003 has not reported.
    expect(text).toContain('全区制发行政规范性文件15件，全部按规定报送备案，报备率100%【待核：1家未报送】。');
    // 30 against 25: +20 %. Corrected 2 + 1 + 0 = 3 of 20 = 15 %; 2023: 1 of 16 = 6.25 %: +8.75 → 8.8 points.
    expect(text).toContain('全区共受理行政复议案件30件，同比增长20%，审结20件，其中撤销、变更2件，确认违法1件，调解、和解结案3件。全区行政复议直接纠错3件，直接纠错率15%，同比提高8.8个百分点。');
    // 是: 区人民政府 and 司法局; 否: 办公室; one unit missing of 4.
    expect(text).toContain('全区4家单位中2家主要负责人带头讲授法治课或作法治专题讲座【待核：1家未报送】。');
    // 10000 + 50 + 20 = 10070 took part; 9000 + 50 + 10 = 9060 passed: 89.97 % → 90 %.
    expect(text).toContain('全区年度网上学法用法考试应参考10070人，全员参考，参考率100%，合格9060人，合格率90%【待核：1家未报送】。');
    expect(text).toContain('应报4家，已报3家（其中3家待审核），1家未报送（天津市和平区市场监管局），相关数字不完整。');
    const props = customProps(parts);
    expect(props).toMatchObject({ year: '2024', level: 'district', code: '120101', catalogueVersion: '2024.1' });
    expect(props.dataVersion).toMatch(/^[0-9a-f]{12}$/);
    const bookmarks = bookmarksOf(parts.get('word/document.xml')!);
    expect(bookmarks.get('ind_reg_ns_issued')).toBe('制发行政规范性文件15件');
    expect(commentsOf(parts.get('word/comments.xml')!).size).toBe(bookmarks.size);
    expect([...commentsOf(parts.get('word/comments.xml')!).values()].find((c) => c.includes('reg.ns_issued'))).toContain('未报送（1家）：天津市和平区市场监管局');
  });

  it('gives a unit account its own draft only', async () => {
    const own = await draft('level=unit', unitCaller);
    expect(own.status).toBe(200);
    const { text, parts } = await draftText(Buffer.from(await own.arrayBuffer()));
    expect(text).toContain('天津市和平区人民政府办公室2024年法治政府建设情况报告');
    expect(text).toContain('本单位制发行政规范性文件3件，全部按规定报送备案，报备率100%。');
    expect(text).toContain('本单位主要负责人本年度未讲授法治课或作法治专题讲座。');
    // The sheet is still 待审核: the drafter is told the numbers may change.
    expect(text).toContain('该版本待审核，审核中如有修改，数字以审核通过的版本为准；');
    expect(text).not.toContain('行政复议');
    expect(customProps(parts)).toMatchObject({ level: 'unit', code: '120101001' });
    for (const query of ['level=unit&code=120101002', 'level=district&code=120101', 'level=city']) {
      const refused = await fetchJson(`${server.url}/api/reports/2024/draft.docx?${query}`, { headers: unitCaller.headers });
      expect({ query, status: refused.status, code: refused.body.error.code }).toEqual({ query, status: 403, code: 'FORBIDDEN_SCOPE' });
      expect(refused.body.error.message).toMatch(/^您的账号无权访问.*的报告草稿/);
    }
  });

  it('gives a district coordinator its district and its units, a city leader the city', async () => {
    expect((await draft('level=district', coordinator)).status).toBe(200);
    expect((await draft('level=unit&code=120101002', coordinator)).status).toBe(200);
    for (const query of ['level=district&code=120102', 'level=unit&code=120102001', 'level=city']) {
      expect({ query, status: (await draft(query, coordinator)).status }).toEqual({ query, status: 403 });
    }
    const city = await draft('level=city', leader);
    expect(city.status).toBe(200);
    const { text } = await draftText(Buffer.from(await city.arrayBuffer()));
    expect(text).toContain('2024年天津市法治政府建设情况报告');
    // 是: 和平区 2 + 河东区司法局; 69 units in the sample registry, 4 reported.
    expect(text).toContain('全市69家单位中3家主要负责人带头讲授法治课或作法治专题讲座【待核：65家未报送】。');
  });

  it('answers bad requests in Chinese and keeps serving', async () => {
    const cases: [string, number, string, RegExp][] = [
      ['level=town', 400, 'INVALID_REQUEST', /层级 level 应为 unit（本单位）、district（某区）或 city（全市）/],
      ['level=unit&code=120101003', 404, 'DRAFT_NO_SUBMISSION', /天津市和平区市场监管局2024年度尚未报送，无法生成报告草稿/],
      ['level=unit&code=999', 404, 'UNIT_UNKNOWN', /单位代码“999”不在单位名录中/],
      ['level=district&code=129999', 404, 'ROLLUP_DISTRICT_UNKNOWN', /没有代码为“129999”的区/],
      ['level=unit', 400, 'DRAFT_CODE_REQUIRED', /请用 code 给出单位代码/],
    ];
    for (const [query, status, code, message] of cases) {
      const { status: got, body } = await fetchJson(`${server.url}/api/reports/2024/draft.docx?${query}`, { headers: server.admin.headers });
      expect({ query, got, code: body.error.code }).toEqual({ query, got: status, code });
      expect(body.error.message).toMatch(message);
    }
    const unopened = await fetchJson(`${server.url}/api/reports/2019/draft.docx?level=city`, { headers: server.admin.headers });
    expect(unopened.status).toBe(404);
    expect(unopened.body.error.message).toMatch(/^2019年度尚未开放填报（已有年度：[0-9、]+）/);
    expect((await fetch(`${server.url}/api/reports/2024/draft.docx?level=city`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('records each download in the audit log with the data version', async () => {
    const { body } = await fetchJson(`${server.url}/api/audit?action=draft.download`, server.authed());
    const byUnit = body.entries.find((e: { actor: string }) => e.actor === unitCaller.user.username);
    expect(byUnit).toMatchObject({ action: 'draft.download', unitCode: '120101001', year: 2024, detail: { level: 'unit', code: '120101001', dataVersion: expect.stringMatching(/^[0-9a-f]{12}$/) } });
  });

  it('follows the data: a returned sheet drops out of the district draft, and its unit is told why', async () => {
    const before = customProps((await draftText(Buffer.from(await (await draft('level=district&code=120101')).arrayBuffer()))).parts).dataVersion;
    const returned = await fetchJson(`${server.url}/api/submissions/${ids.get('2024-120101002')}/review`, {
      method: 'POST',
      headers: { ...coordinator.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'return', reason: '学法考试合格人数有误，请核对。' }),
    });
    expect(returned.status).toBe(200);
    const after = await draftText(Buffer.from(await (await draft('level=district&code=120101')).arrayBuffer()));
    expect(customProps(after.parts).dataVersion).not.toBe(before);
    // 12 + 3 now, two units not counted: one returned, one that never sent.
    expect(after.text).toContain('全区制发行政规范性文件15件，全部按规定报送备案，报备率100%【待核：1家已退回、1家未报送】。');
    const own = await draftText(Buffer.from(await (await draft('level=unit&code=120101002', coordinator)).arrayBuffer()));
    expect(own.text).toContain('该版本已被退回（理由：学法考试合格人数有误，请核对。），请按退回理由修改报表并重新报送');
  });

  it('is written by `npm run draft` from the same store', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-draft-'));
    const env = { DATA_DIR: server.target.dataDir, DATABASE_URL: server.target.databaseUrl ?? '' };
    const out = path.join(dir, '和平区.docx');
    const ok = await runCli(['--year', '2024', '--level', 'district', '--code', '120101', '--out', out], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^已生成《2024年和平区法治政府建设情况报告》草稿：.*和平区\.docx（数据版本 [0-9a-f]{12}，正文数字 \d+ 个，其中 \d+ 个不完整，已标【待核】）/);
    expect((await draftText(readFileSync(out))).text).toContain('全区共受理行政复议案件30件，同比增长20%');
    const nowhere = path.join(dir, '无此区.docx');
    const unknown = await runCli(['--year', '2024', '--level', 'district', '--code', '129999', '--out', nowhere], env);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('没有代码为“129999”的区');
    expect(existsSync(nowhere)).toBe(false);
    const usage = await runCli(['--year', '2024', '--level', 'district', '--out', nowhere], env);
    expect(usage.code).toBe(2);
    expect(usage.out).toContain('请用 --code 给出区代码');
  }, 60_000);
});
