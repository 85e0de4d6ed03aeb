// The coordinators' and leaders' web page in real Chromium against a real running aggregator:
// sign in, upload a good and a bad workbook and see the bad cell named, return a submission with a
// reason, answer it with a new version and accept that, read the completeness board, download a
// rollup from the dashboard, and create an account with a token. A screenshot of each page is kept
// in test/browser/artifacts. The tests run in order and share the administrator's signed-in page,
// like one working day; other roles sign in in their own browser contexts.
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { INPUT_SHEET, submissionDeadline } from '../../templates/src/core/contract';
import { planInputSheet } from '../../templates/src/core/layout';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { asAdmin, fetchJson, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';
import { buildWeb, type BuiltWeb } from './support/build-web';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { sqliteDatabase } from './support/sqlite';

const YEAR = 2024;
const ADMIN = TEST_ADMIN;
const registry = sampleRegistry();
const good = registry.find((u) => u.unitType === 'department')!;
const bad = registry.find((u) => u.unitType === 'district_gov' && u.districtCode === good.districtCode)!;
const BAD_CODE = 'learn.exam_required';
const BAD_ADDRESS = planInputSheet(currentCatalogue(), 'district_gov', { year: YEAR, prefill: bad }).valueAddress[BAD_CODE];

const xlsx = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer });

describe('web page in Chromium', () => {
  const db = sqliteDatabase();
  let built: BuiltWeb;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    built = await buildWeb();
    // The aggregator serves the bundle built here (see web-routes defaultWebPaths).
    process.env.WEB_BUNDLE_DIR = built.dir;
    // A threshold other than the default, so the page is seen to follow the server's, not its own.
    server = await startTestServer(db, { yoyThreshold: 2 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    pageErrors = collectPageErrors(page);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    delete process.env.WEB_BUNDLE_DIR;
    if (built) rmSync(built.dir, { recursive: true, force: true });
    db.cleanup();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  const goto = async (hash: string, ready: string) => {
    await page.goto(`${server.url}/#/${hash}`);
    await page.locator(ready).first().waitFor({ timeout: 20_000 });
  };

  it('serves the page and its assets from the aggregator itself, with a same-origin-only policy', async () => {
    const index = await fetch(`${server.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await index.text();
    // Nothing is loaded from anywhere but this server (intranets have no internet).
    expect(html.match(/(src|href)="([^"]+)"/g)?.every((a) => a.includes('"/assets/'))).toBe(true);
    for (const asset of ['/assets/web.js', '/assets/web.css', '/assets/echarts.min.js']) {
      expect((await fetch(`${server.url}${asset}`)).status).toBe(200);
    }
  });

  it('signs in: a wrong password is refused in Chinese, the right one opens the board', async () => {
    await goto('', '#login-form');
    await screenshot(page, 'web-login');
    await page.fill('#username', ADMIN.username);
    await page.fill('#password', 'not-the-password');
    await page.click('#login-form button[type=submit]');
    await page.locator('#login-message .notice.error').waitFor();
    expect(await page.locator('#login-message').textContent()).toMatch(/[\u4e00-\u9fff]/);

    await page.fill('#password', ADMIN.password);
    await page.click('#login-form button[type=submit]');
    await page.locator('#progress-table').waitFor({ timeout: 20_000 });
    expect(await page.locator('#user').textContent()).toContain('市级管理员');
    expect(await page.locator('nav.tabs a').allTextContents()).toEqual(['填报进度', '上传报送', '报送列表', '上年数据摘录', '领导看板', '系统管理', '审计日志']);
  }, 60_000);

  it('uploads a good and a bad workbook: the bad one is refused and its cell named; a dry run stores nothing', async () => {
    const goodBytes = await filledWorkbookFor(good, YEAR);
    const badBytes = await filledWorkbookFor(bad, YEAR, { [BAD_CODE]: '约120人' });

    // Dry run first, with the file dropped on the drop zone: checked, nothing kept.
    await goto('upload', '#dropzone');
    const dropped = await page.evaluateHandle(([name, base64]) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name));
      return transfer;
    }, [`${good.name}.xlsx`, goodBytes.toString('base64')] as const);
    await page.dispatchEvent('#dropzone', 'drop', { dataTransfer: dropped });
    await page.locator('#file-list li', { hasText: good.name }).waitFor();
    await page.check('#dry-run');
    await page.click('#start-upload');
    await page.locator('#upload-results h3', { hasText: '试运行' }).waitFor({ timeout: 30_000 });
    const stored = await fetchAsAdmin(`/api/submissions?year=${YEAR}`);
    expect(stored.submissions).toHaveLength(0);

    await page.uncheck('#dry-run');
    await page.setInputFiles('#files', [xlsx(`${good.name}.xlsx`, goodBytes), xlsx(`${bad.name}.xlsx`, badBytes)]);
    expect(await page.locator('#file-list li').count()).toBe(2);
    await page.click('#start-upload');
    await page.locator('#upload-results table').waitFor({ timeout: 30_000 });
    expect(await page.locator('#upload-progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(100);

    const goodRow = page.locator(`#upload-results tr[data-file="${good.name}.xlsx"]`);
    const badRow = page.locator(`#upload-results tr[data-file="${bad.name}.xlsx"]`);
    expect(await goodRow.getAttribute('data-outcome')).toBe('stored');
    expect(await badRow.getAttribute('data-outcome')).toBe('refused');
    const problem = badRow.locator(`li.problem.error[data-codes~="${BAD_CODE}"]`);
    expect(await problem.locator('code.cell').textContent()).toBe(`${INPUT_SHEET}!${BAD_ADDRESS}`);
    expect(await problem.textContent()).toContain('约120人');
    await screenshot(page, 'web-upload');
  }, 90_000);

  it('shows the completeness board with who is missing and the export', async () => {
    await goto('progress', '#progress-table');
    const row = page.locator(`#progress-table tr[data-code="${good.districtCode}"]`);
    const cells = await row.locator('td.num').allTextContents();
    const expected = registry.filter((u) => u.districtCode === good.districtCode).length;
    // 应报, 已报送, 已通过, 待审核, 已退回, 免报, 未报送, then 按时 + 逾期 = the one submitted
    const counts = cells.map(Number);
    expect(counts.slice(0, 7)).toEqual([expected, 1, 0, 1, 0, 0, expected - 1]);
    expect(counts[7] + counts[8]).toBe(1);
    // Short names in the cell (the district is the row), full names on hover.
    expect(await row.locator('.missing-units').getAttribute('title')).toContain(bad.name);
    expect(await page.locator('#countdown').textContent()).toContain('截止');
    await screenshot(page, 'web-progress');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#missing-export')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain(bad.name);
    expect(csv).not.toContain(good.name);
  }, 60_000);

  it('returns a submission with a reason, then accepts the version that answers it', async () => {
    const [first] = (await fetchAsAdmin(`/api/submissions?year=${YEAR}&unit=${good.code}`)).submissions;
    await goto(`submission/${first.id}`, '#values-table');
    // Values beside last year's: no 2023 submission here, so the page says so.
    expect(await page.locator('main').textContent()).toContain(`${YEAR - 1} 年度没有该单位的报送`);

    await page.click('#return');
    await page.locator('#review-message .notice.error').waitFor();
    const reason = '规范性文件数与备案系统不一致，请核实后重新报送。';
    await page.fill('#return-reason', reason);
    await page.click('#return');
    await page.locator('#review-status', { hasText: '已退回' }).waitFor({ timeout: 20_000 });
    expect(await page.locator('main .notice.warn').first().textContent()).toContain(reason);
    await screenshot(page, 'web-returned');

    // The unit answers with a corrected workbook (uploaded here by the coordinator).
    await goto('upload', '#dropzone');
    await page.setInputFiles('#files', [xlsx(`${good.name}（修改）.xlsx`, await filledWorkbookFor(good, YEAR, { 'reg.ns_issued': 7, 'reg.ns_filed': 7 }))]);
    await page.click('#start-upload');
    await page.locator('#upload-results tr[data-outcome="stored"] a.more-link').click();
    await page.locator('#history tr[data-version="2"]').waitFor({ timeout: 20_000 });
    expect(await page.locator('#review-status').textContent()).toBe('待审核');
    // What changed against version 1 is listed at once.
    const changes = page.locator('#history ul.changes li[data-code="reg.ns_issued"]');
    await changes.waitFor();
    expect(await changes.locator('ins').textContent()).toBe('7');

    await page.click('#accept');
    await page.locator('#review-status', { hasText: '已通过' }).waitFor({ timeout: 20_000 });
    await screenshot(page, 'web-submission');
    await screenshot(page, 'web-submission-top', false);
    // The unit's report draft is offered on its current version.
    expect(await page.locator('#download-draft-unit').getAttribute('href')).toBe(`/api/reports/${YEAR}/draft.docx?level=unit&code=${good.code}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'web-submission-top-390', false);
    await page.setViewportSize({ width: 1366, height: 900 });
    const [current] = (await fetchAsAdmin(`/api/submissions?year=${YEAR}&unit=${good.code}`)).submissions;
    expect(current).toMatchObject({ version: 2, reviewStatus: 'accepted' });
  }, 90_000);

  it('draws the dashboard with ECharts and downloads the city rollup workbook', async () => {
    await goto('dashboard', '#charts canvas');
    expect(await page.locator('#charts .chart-card').count()).toBeGreaterThanOrEqual(6);
    // Every card states the server's figure: its name, its value and unit, and why it is incomplete.
    const city = ((await fetchAsAdmin(`/api/rollups/${YEAR}?level=city`)).groups as { kind: string; figures: Record<string, { name_zh: string; unit: string; value: unknown; reason_zh: string | null }> }[]).find((g) => g.kind === 'city')!;
    for (const card of await page.locator('#charts .chart-card').all()) {
      const figure = city.figures[(await card.locator('.chart').getAttribute('data-indicator'))!];
      expect(await card.locator('h3').textContent()).toBe(figure.name_zh);
      if (figure.reason_zh) expect(await card.textContent()).toContain(figure.reason_zh);
    }
    const issued = city.figures['reg.ns_issued'];
    expect(await page.locator('#charts .chart-card', { has: page.locator('[data-indicator="reg.ns_issued"]') }).locator('.headline').textContent()).toBe(`${issued.value as number} ${issued.unit}`);
    expect(await page.evaluate(() => typeof (window as unknown as { echarts?: unknown }).echarts)).toBe('object');
    await screenshot(page, 'web-dashboard');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-city')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString()).toBe('PK');

    // The city's report draft (issue 17), and the chosen district's.
    const [draft] = await Promise.all([page.waitForEvent('download'), page.click('#download-draft-city')]);
    expect(draft.suggestedFilename()).toBe(`${YEAR}年天津市法治政府建设情况报告（草稿）.docx`);
    expect(readFileSync((await draft.path())!).subarray(0, 2).toString()).toBe('PK');
    expect(await page.locator('#download-draft-district').getAttribute('href')).toBe(`/api/reports/${YEAR}/draft.docx?level=district&code=${(await page.locator('#download-district').inputValue())}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'web-dashboard-390', false);
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);

  /** The one-time password of the administrator's reset below, for the coordinator's first login. */
  let coordinatorOneTime = '';

  it('lets the administrator create an account and an API token shown once', async () => {
    await goto('admin', '#user-table');
    await page.fill('#new-username', 'heping-coordinator');
    await page.fill('#new-display-name', '和平区管理员');
    await page.fill('#new-password', 'heping-password-2024');
    await page.selectOption('#new-role', 'district_admin');
    await page.selectOption('#new-district', good.districtCode!);
    expect(await page.isChecked('#new-must-change')).toBe(true);
    await page.click('#new-user button[type=submit]');
    const row = page.locator('#user-table tr[data-user="heping-coordinator"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('区级管理员');

    // A reset asks first (a dialog of the page, not prompt()): cancelled, nothing happens; confirmed, the
    // one-time password is shown once, and the next login must replace it (see the coordinator's test below).
    await row.getByText('重置密码').click();
    await page.click('#modal-cancel');
    expect(await page.locator('#user-message').textContent()).toBe('');
    await row.getByText('重置密码').click();
    await page.click('#modal-confirm');
    await page.locator('#user-message .notice.ok').waitFor({ timeout: 20_000 });
    expect(await page.locator('#user-message .notice').textContent()).toContain('“和平区管理员”的一次性密码（只显示这一次');
    coordinatorOneTime = (await page.locator('#one-time-password').textContent())!;
    expect(coordinatorOneTime).toMatch(/^[A-Z2-9]{12}$/);

    await row.getByText('API 令牌').click();
    await page.fill('#token-name', '和平区导入脚本');
    await page.getByRole('button', { name: '创建令牌' }).click();
    const token = page.locator('#new-token code.token');
    await token.waitFor({ timeout: 20_000 });
    expect(await token.textContent()).toMatch(/^fz_[A-Za-z0-9_-]{43}$/);
    await screenshot(page, 'web-admin');
  }, 60_000);


  it('shows the audit log with the review actions, filterable by kind of action', async () => {
    // Paged on the server, newest first (issue 14 item 10): the default page shows 50, the position says how many in all.
    await goto('audit', '#audit-table');
    const total = (await server.store.audit.query({})).length;
    expect(await page.locator('#audit-position').textContent()).toBe(`共 ${total} 条，第 1 / ${Math.ceil(total / 50)} 页`);
    expect(await page.locator('#audit-table tbody tr').count()).toBe(Math.min(total, 50));
    await page.selectOption('#audit-page-size', '200');
    await page.waitForFunction(() => location.hash.includes('pageSize=200'));
    await page.locator('#audit-position').filter({ hasText: /第 1 \/ \d+ 页/ }).waitFor();
    const actions = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    // The first start's administrator reads as made by the system; times are Beijing time, to the minute.
    expect(await page.locator('#audit-table tbody tr[data-action="user.create"]').last().locator('td').nth(1).textContent()).toBe('系统（首次启动）');
    expect(await page.locator('#audit-table tbody td').first().textContent()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(actions).toEqual(expect.arrayContaining(['login.success', 'upload.accepted', 'upload.rejected', 'review.return', 'review.accept', 'user.create', 'token.create']));
    // Details read as Chinese text: the rule codes of a refused file as a list, not as JSON.
    const refused = await page.locator('#audit-table tbody tr[data-action="upload.rejected"] td.detail').first().textContent();
    expect(refused).toMatch(/错误：[A-Z][A-Z0-9_]*/);
    expect(refused).not.toContain('["');
    await page.selectOption('#audit-action', 'review.');
    await page.click('#audit-filter button[type=submit]');
    await page.waitForFunction(() => location.hash.includes('action=review.'));
    await page.locator('#audit-table tbody tr[data-action="review.accept"]').waitFor();
    const filtered = await page.locator('#audit-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));
    expect(new Set(filtered)).toEqual(new Set(['review.accept', 'review.return']));
    await screenshot(page, 'web-audit');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'web-audit-390');
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 60_000);

  it('gives a district coordinator only their district and no administration', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const other = await context.newPage();
    const errors = collectPageErrors(other);
    await other.goto(`${server.url}/`);
    await other.fill('#username', 'heping-coordinator');
    await other.fill('#password', coordinatorOneTime);
    await other.click('#login-form button[type=submit]');
    // The administrator's reset gave a one-time password: first a password of one's own.
    await other.locator('#password-required').waitFor({ timeout: 20_000 });
    await other.fill('#password-current', coordinatorOneTime);
    await other.fill('#password-next', 'heping-password-2024');
    await other.fill('#password-again', 'heping-password-2024');
    await other.click('#password-form button[type=submit]');
    await other.locator('#progress-table').waitFor({ timeout: 20_000 });
    expect(await other.locator('nav.tabs a').allTextContents()).toEqual(['填报进度', '上传报送', '报送列表', '上年数据摘录', '领导看板']);
    const districts = await other.locator('#progress-table tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(districts).toEqual([good.districtCode]);
    // An address typed by hand does not open what the role may not use.
    await other.goto(`${server.url}/#/admin`);
    await other.locator('#progress-table').waitFor({ timeout: 20_000 });
    await screenshot(other, 'web-district-progress');
    // Signing out ends the session: the next visit asks for the password again.
    await other.click('#logout');
    await other.locator('#login-form').waitFor({ timeout: 20_000 });
    await other.goto(`${server.url}/#/progress`);
    await other.locator('#login-form').waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows a unit its own submission and the reason it was returned, without review controls', async () => {
    await createAccount({ username: 'unit-user', displayName: '区政府填报员', password: 'unit-password-2024', role: 'unit', unitCode: bad.code });
    const { context, page: unitPage, errors } = await signIn('unit-user', 'unit-password-2024', '#submission-table');
    expect(await unitPage.locator('nav.tabs a').allTextContents()).toEqual(['上传报送', '报送列表', '上年数据摘录']);
    expect(await unitPage.locator('#submission-table tbody tr[data-unit]').count()).toBe(0);

    // The unit sends its sheet (fixed this time) through the page: the deadline has passed, so it is
    // refused with the reason, until a coordinator reopens the unit's year.
    const upload = async () => {
      await unitPage.goto(`${server.url}/#/upload`);
      await unitPage.setInputFiles('#files', [xlsx(`${bad.name}.xlsx`, await filledWorkbookFor(bad, YEAR))]);
      await unitPage.click('#start-upload');
      await unitPage.locator('#upload-results tr[data-outcome]').waitFor({ timeout: 30_000 });
      return unitPage.locator('#upload-results tr[data-outcome]');
    };
    const late = await upload();
    expect(await late.getAttribute('data-outcome')).toBe('refused');
    expect(await late.textContent()).toContain('截止');
    const admin = await asAdmin(server);
    const post = (path: string, body: unknown) =>
      fetchJson(`${server.url}${path}`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post(`/api/units/${bad.code}/reopen`, { year: YEAR, reason: '区政府申请补报' })).status).toBe(201);
    expect(await (await upload()).getAttribute('data-outcome')).toBe('stored');

    // The coordinator returns it; the unit sees why, in its list and on the detail page.
    const [mine] = (await fetchAsAdmin(`/api/submissions?year=${YEAR}&unit=${bad.code}`)).submissions;
    const reason = '区政府全区口径的复议案件数与区司法局台账不一致，请核对。';
    expect((await post(`/api/submissions/${mine.id}/review`, { action: 'return', reason })).status).toBe(200);
    await unitPage.goto(`${server.url}/#/submissions`);
    const row = unitPage.locator(`#submission-table tr[data-unit="${bad.code}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute('data-review')).toBe('returned');
    expect(await row.textContent()).toContain(reason);
    await row.locator('a').first().click();
    await unitPage.locator('#values-table').waitFor({ timeout: 20_000 });
    expect(await unitPage.locator('main .notice.warn').first().textContent()).toContain(reason);
    expect(await unitPage.locator('#accept, #return').count()).toBe(0);
    await screenshot(unitPage, 'web-unit-returned');
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it('gives a district leader the district dashboard and its rollup download, read-only', async () => {
    await createAccount({ username: 'heping-leader', displayName: '和平区领导', password: 'leader-password-2024', role: 'leader', districtCode: good.districtCode! });
    const { context, page: leaderPage, errors } = await signIn('heping-leader', 'leader-password-2024', '#charts canvas');
    expect(await leaderPage.locator('nav.tabs a').allTextContents()).toEqual(['填报进度', '领导看板']);
    expect(await leaderPage.locator('h2').first().textContent()).toContain(registry.find((u) => u.districtCode === good.districtCode)!.districtName!);
    const [download] = await Promise.all([leaderPage.waitForEvent('download'), leaderPage.click('#download-district-link')]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK');
    const [draft] = await Promise.all([leaderPage.waitForEvent('download'), leaderPage.click('#download-draft-district')]);
    expect(draft.suggestedFilename()).toBe(`${YEAR}年${registry.find((u) => u.districtCode === good.districtCode)!.districtName}法治政府建设情况报告（草稿）.docx`);
    await screenshot(leaderPage, 'web-leader-dashboard');
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("lets the administrator extend a year's deadline", async () => {
    await goto('admin', '#years');
    // A new year is offered with the deadline the templates' contract sets for it.
    await page.fill('#open-year', '2030');
    await page.dispatchEvent('#open-year', 'change');
    expect(await page.inputValue('#open-deadline')).toBe(submissionDeadline(2030));
    page.once('dialog', (dialog) => void dialog.accept('2099-03-01'));
    await page.locator(`#years tr[data-year="${YEAR}"]`).getByText('修改截止日').click();
    await page.locator(`#years tr[data-year="${YEAR}"]`, { hasText: '2099-03-01' }).waitFor({ timeout: 20_000 });
    const years = (await fetchAsAdmin('/api/years')).years as { year: number; deadline: string }[];
    expect(years.find((y) => y.year === YEAR)?.deadline).toBe('2099-03-01');
    await goto('progress', '#countdown');
    expect(await page.locator('#countdown').textContent()).toMatch(/距报送截止（2099-03-01）还有 \d+ 天/);
  }, 60_000);

  it('refuses a registry file with a wrong row, naming the row, and keeps the registry as it was', async () => {
    await goto('admin', '#registry');
    const before = await page.locator('#registry-count').textContent();
    const csv = '单位代码,单位名称,单位类型,所属区代码,所属区名称\r\n120199001,测试单位,乱填的类型,120101,和平区\r\n';
    await page.setInputFiles('#registry-file', { name: '名录.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.click('#registry-import');
    const error = page.locator('#registry-message .notice.error');
    await error.waitFor({ timeout: 20_000 });
    expect(await error.textContent()).toMatch(/第\s*2\s*行/);
    await screenshot(page, 'web-admin-registry');
    await goto('admin', '#registry');
    expect(await page.locator('#registry-count').textContent()).toBe(before);
  }, 60_000);

  it('flags in the values table exactly the swings the server warned about, in its words', async () => {
    const third = registry.find((u) => u.unitType === 'department' && u.code !== good.code && u.districtCode !== null)!;
    const send = async (year: number, issued: number, filed: number) => {
      await goto('upload', '#dropzone');
      await page.setInputFiles('#files', [xlsx(`${third.name}${year}.xlsx`, await filledWorkbookFor(third, year, { 'reg.ns_issued': issued, 'reg.ns_filed': filed }))]);
      await page.click('#start-upload');
      const row = page.locator('#upload-results tr[data-outcome]');
      await row.waitFor({ timeout: 30_000 });
      expect(await row.getAttribute('data-outcome')).toBe('stored');
    };
    // Beyond the suite's ±200 % (issued, +300 %) and within it (filed, +100 %).
    await send(YEAR - 1, 10, 10);
    await send(YEAR, 40, 20);
    await page.locator('#upload-results a.more-link').click();
    const issued = page.locator('#values-table tr[data-code="reg.ns_issued"]');
    await issued.waitFor({ timeout: 20_000 });
    expect(await issued.locator('td.yoy').textContent()).toContain('+300.0%');
    const filed = page.locator('#values-table tr[data-code="reg.ns_filed"]');
    expect(await filed.locator('td.yoy').textContent()).toBe('+100.0%');
    expect(await filed.getAttribute('class')).toBeNull();
    // The filing rate as stored with each year's submission: 20/40 = 50 % now, 10/10 = 100 % last year.
    const rate = page.locator('#values-table tr[data-code="reg.ns_filing_rate"] td.num');
    expect(await rate.allTextContents()).toEqual(['50', '100', '-50.0 个百分点']);

    const [mine] = (await fetchAsAdmin(`/api/submissions?year=${YEAR}&unit=${third.code}`)).submissions;
    const warnings = ((await fetchAsAdmin(`/api/submissions/${mine.id}`)).problems as { rule: string; codes: string[]; message: string }[]).filter((p) => p.rule === 'YOY');
    const flagged = await page.locator('#values-table tr.flagged').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')));
    expect(flagged.sort()).toEqual([...new Set(warnings.flatMap((p) => p.codes))].sort());
    expect(await issued.locator('.flag-mark').getAttribute('title')).toBe(warnings.find((p) => p.codes.includes('reg.ns_issued'))!.message);
    await screenshot(page, 'web-values-yoy');
    // On a phone the table fits the screen: nothing to scroll sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.locator('#values-table tr[data-code="reg.ns_issued"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'web-values-yoy-390', false);
    await page.setViewportSize({ width: 1366, height: 900 });
  }, 90_000);

  it('filters the submission list by district and by 市级部门 as the server groups the registry', async () => {
    const cityDepartment = registry.find((u) => u.level === 'city')!;
    await goto('upload', '#dropzone');
    await page.setInputFiles('#files', [xlsx(`${cityDepartment.name}.xlsx`, await filledWorkbookFor(cityDepartment, YEAR))]);
    await page.click('#start-upload');
    await page.locator('#upload-results tr[data-outcome="stored"]').waitFor({ timeout: 30_000 });

    const listed = async (district: string) => {
      await goto(`submissions?year=${YEAR}&district=${district}`, '#submission-table tbody tr');
      return page.locator('#submission-table tbody tr[data-unit]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));
    };
    const cityList = await listed('city_departments');
    expect(cityList).toEqual([cityDepartment.code]);
    expect(await page.locator('#district-filter').inputValue()).toBe('city_departments');
    await screenshot(page, 'web-submissions-city-departments');
    const districtList = await listed(good.districtCode!);
    expect(districtList).toContain(good.code);
    expect(districtList).not.toContain(cityDepartment.code);
  }, 90_000);

  async function createAccount(body: Record<string, string>): Promise<void> {
    const admin = await asAdmin(server);
    const created = await fetchJson(`${server.url}/api/users`, { method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
  }

  async function signIn(username: string, password: string, ready: string) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    const signedIn = await context.newPage();
    const errors = collectPageErrors(signedIn);
    await signedIn.goto(`${server.url}/`);
    await signedIn.fill('#username', username);
    await signedIn.fill('#password', password);
    await signedIn.click('#login-form button[type=submit]');
    await signedIn.locator(ready).first().waitFor({ timeout: 20_000 });
    return { context, page: signedIn, errors };
  }

  /** Reads the API as the administrator (API token: independent of the page's own session). */
  async function fetchAsAdmin(path: string) {
    const admin = await asAdmin(server);
    const answer = await fetchJson(`${server.url}${path}`, { headers: admin.headers });
    expect(answer.status).toBe(200);
    return answer.body;
  }
});
