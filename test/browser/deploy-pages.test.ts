// Issue 14 items 1 and 3 on the page, in real Chromium: a unit account downloads its own prefilled
// template from its home page, a district coordinator the district's zip; the dashboard says when
// its figures were computed (item 6); the city administrator removes the sample data from the
// registry card in one confirmed step. Screenshots at 1366 and
// 390 px in test/browser/artifacts.
import { readFileSync, rmSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { getCatalogue, CURRENT_CATALOGUE_VERSION } from '../../templates/src/core/catalogue';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { readWorkbook } from '../../templates/src/xlsx/read-workbook';
import { callerFor, fetchJson, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { buildWeb, type BuiltWeb } from './support/build-web';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { sqliteDatabase } from './support/sqlite';

const YEAR = 2024;
const UNIT = sampleRegistry().find((u) => u.districtCode === '120104' && u.unitType === 'department')!;

describe('deployment pages in Chromium', () => {
  const db = sqliteDatabase();
  let built: BuiltWeb;
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    built = await buildWeb();
    process.env.WEB_BUNDLE_DIR = built.dir;
    server = await startTestServer(db);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    delete process.env.WEB_BUNDLE_DIR;
    if (built) rmSync(built.dir, { recursive: true, force: true });
    db.cleanup();
  });

  /** A signed-in page of its own (cookie of a fresh login) at the given width. */
  async function pageAs(username: string, password: string, width: number): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#login-form button[type=submit]');
    await page.locator('#user').waitFor({ timeout: 20_000 });
    return { page, errors };
  }

  async function unitAccount(role: 'unit' | 'district_admin', scope: Record<string, string>) {
    const made = await callerFor(server, role, scope, 'cookie');
    // callerFor's password rule (see test/support/server.ts).
    return { username: made.user.username as string, password: `pw-${made.user.username}-secret` };
  }

  it('a unit downloads its own prefilled template from its home page', async () => {
    const account = await unitAccount('unit', { unitCode: UNIT.code });
    for (const width of [1366, 390]) {
      const { page, errors } = await pageAs(account.username, account.password, width);
      await page.goto(`${server.url}/#/submissions?year=${YEAR}`);
      const own = page.locator('#template-own');
      await own.waitFor({ timeout: 20_000 });
      expect(await own.textContent()).toBe(`下载本单位 ${YEAR} 年度填报模板`);
      await screenshot(page, `deploy-unit-home-${width}`);
      if (width === 1366) {
        const [download] = await Promise.all([page.waitForEvent('download'), own.click()]);
        expect(download.suggestedFilename()).toBe(`${YEAR}年度-${UNIT.code}-${UNIT.name}.xlsx`);
        const stamp = readWorkbook(readFileSync((await download.path())!), getCatalogue(CURRENT_CATALOGUE_VERSION)!).stamp;
        expect(stamp).toMatchObject({ unit_code: UNIT.code, report_year: String(YEAR) });
      }
      expect(errors).toEqual([]);
    }
  }, 90_000);

  it("a district coordinator gets the district's zip", async () => {
    const account = await unitAccount('district_admin', { districtCode: '120104' });
    const { page, errors } = await pageAs(account.username, account.password, 1366);
    await page.goto(`${server.url}/#/submissions?year=${YEAR}`);
    const zip = page.locator('#template-district');
    await zip.waitFor({ timeout: 20_000 });
    expect(await zip.textContent()).toBe('下载南开区全部单位的预填模板（.zip）');
    const [download] = await Promise.all([page.waitForEvent('download'), zip.click()]);
    expect(download.suggestedFilename()).toBe(`${YEAR}年度-120104-南开区-填报模板.zip`);
    expect(readFileSync((await download.path())!).subarray(0, 2).toString()).toBe('PK');
    expect(errors).toEqual([]);
  }, 60_000);

  it('the dashboard says when its figures were computed (数据截至 HH:MM, China time)', async () => {
    const { computedAt } = (await fetchJson(`${server.url}/api/rollups/${YEAR}?level=city`, server.authed())).body;
    const expected = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(computedAt));
    for (const width of [1366, 390]) {
      const { page, errors } = await pageAs(TEST_ADMIN.username, TEST_ADMIN.password, width);
      await page.goto(`${server.url}/#/dashboard`);
      const asOf = page.locator('#data-as-of');
      await asOf.waitFor({ timeout: 20_000 });
      expect(await asOf.textContent()).toBe(`数据截至 ${expected}`);
      await screenshot(page, `deploy-dashboard-${width}`, false);
      expect(errors).toEqual([]);
    }
  }, 60_000);

  it('the city administrator removes the sample data from the registry card', async () => {
    const { page, errors } = await pageAs(TEST_ADMIN.username, TEST_ADMIN.password, 1366);
    await page.goto(`${server.url}/#/admin`);
    const block = page.locator('#registry-sample');
    await block.locator('#registry-remove-sample').waitFor({ timeout: 20_000 });
    expect(await block.textContent()).toContain('69 个示例单位');
    await screenshot(page, 'deploy-admin-sample-1366');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#registry-remove-sample');
    const done = page.locator('#registry-sample-message .notice.ok');
    await done.waitFor({ timeout: 20_000 });
    expect(await done.textContent()).toContain('已移除示例数据：69 个示例单位');
    await screenshot(page, 'deploy-admin-sample-removed-1366');
    expect((await fetchJson(`${server.url}/api/registry`, server.authed())).body.total).toBe(0);
    // Once the card redraws, nothing is left to remove and the block stays hidden.
    await page.waitForTimeout(3000);
    expect(await page.locator('#registry-sample').isHidden()).toBe(true);
    expect(errors).toEqual([]);
  }, 60_000);
});
