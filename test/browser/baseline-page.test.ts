// The 上年数据摘录 page in real Chromium against a real aggregator: a coordinator reads last
// year's district report, sees each candidate's quote marked in its sentence, confirms most,
// corrects one, drops one, saves — and the stored baseline holds exactly those decisions.
// Screenshots at 1366 and 390 px wide go to test/browser/artifacts.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { fetchJson, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { buildWeb, type BuiltWeb } from './support/build-web';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { sqliteDatabase } from './support/sqlite';

const REPORT = readFileSync(path.join(__dirname, '..', 'fixtures', 'baseline', 'district-government-2023.txt'));
const FILE = '2023年河北区法治政府建设情况报告.txt';
const HEBEI_GOV = '120105000';

describe('上年数据摘录 page in Chromium', () => {
  const db = sqliteDatabase();
  let built: BuiltWeb;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    built = await buildWeb();
    process.env.WEB_BUNDLE_DIR = built.dir;
    server = await startTestServer(db);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    pageErrors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.fill('#username', TEST_ADMIN.username);
    await page.fill('#password', TEST_ADMIN.password);
    await page.click('#login-form button[type=submit]');
    await page.locator('nav.tabs').waitFor({ timeout: 20_000 });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    delete process.env.WEB_BUNDLE_DIR;
    if (built) rmSync(built.dir, { recursive: true, force: true });
    db.cleanup();
  });

  afterEach(() => expect(pageErrors).toEqual([]));

  it('shows the candidates of a report with their quotes marked, and saves confirmed, corrected and dropped values', async () => {
    expect(await page.locator('nav.tabs a').allTextContents()).toContain('上年数据摘录');
    await page.goto(`${server.url}/#/baseline`);
    await page.locator('#report-drop').waitFor({ timeout: 20_000 });
    // The seeded years are 2023 and 2024; the page works on 2024, so last year is 2023.
    expect(await page.inputValue('#baseline-year')).toBe('2023');
    await page.setInputFiles('#report-files', [{ name: FILE, mimeType: 'text/plain', buffer: REPORT }]);
    await page.click('#read-reports');
    const closed = page.locator('section.report li.candidate[data-code="recon.closed"]');
    await closed.waitFor({ timeout: 30_000 });
    expect(await page.locator('section.report h3').textContent()).toBe('天津市河北区人民政府');
    expect(await closed.locator('blockquote mark').textContent()).toBe('全区共审结行政复议案件60 件');
    expect(await closed.locator('blockquote mark strong').textContent()).toBe('60 件');
    // A flagged figure says why in Chinese.
    expect(await page.locator('li.candidate[data-code="learn.pre_appointment_participants"] ul.flags').textContent()).toContain('累计');
    const total = await page.locator('li.candidate').count();
    await screenshot(page, 'web-baseline');

    const personnel = page.locator('li.candidate[data-code="emer.rescue_personnel"]');
    await personnel.locator('input.correction').fill('2912');
    await personnel.locator('input[value="correct"]').check();
    await page.locator('li.candidate[data-code="learn.trainings_held"] input[value="drop"]').check();
    await page.click('section.report button.save');
    await page.locator('section.report .save-status .notice.ok').waitFor({ timeout: 20_000 });
    expect(await page.locator('section.report .save-status').textContent()).toContain(`${total - 1} 项数值作为 2023 年度上年数据（第 1 版，来源：年度报告摘录）`);

    const stored = await fetchJson(`${server.url}/api/baselines/2023/units/${HEBEI_GOV}`, server.authed());
    expect(stored.status).toBe(200);
    const values = stored.body.baseline.values;
    expect(Object.keys(values)).toHaveLength(total - 1);
    expect(values).toMatchObject({ 'recon.closed': 60, 'emer.rescue_personnel': 2912, 'emer.rescue_teams': 18, 'leader.lectured': true });
    expect(values).not.toHaveProperty('learn.trainings_held');
    await screenshot(page, 'web-baseline-saved', false);
  }, 90_000);

  it('stays readable on a 390 px phone screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('li.candidate').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'web-baseline-390');
  }, 60_000);
});
