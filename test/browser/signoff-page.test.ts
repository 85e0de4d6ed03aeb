// The second review level on the board, in real Chromium against a real aggregator: a district
// coordinator signs the district off through the confirmation dialog; the city returns it, the
// dialog refusing an empty reason; the district reads 已退回 and the reason after a reload.
// Screenshots at 1366 and 390 px in test/browser/artifacts.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { fetchJson, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';
import { filledWorkbookFor } from '../support/workbooks';
import { buildWeb, type BuiltWeb } from './support/build-web';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { sqliteDatabase } from './support/sqlite';

const YEAR = 2024;
const DISTRICT = '120103';
const COORDINATOR = { username: 'hexi-coordinator', password: 'hexi-password-2024' };
const REASON = '司法局行政复议数据与上年差异过大，请核实后再上报。';

describe('district sign-off and the city’s return in Chromium', () => {
  const db = sqliteDatabase();
  let built: BuiltWeb;
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    built = await buildWeb();
    process.env.WEB_BUNDLE_DIR = built.dir;
    server = await startTestServer(db);
    const admin = server.admin.headers;
    const created = await fetchJson(`${server.url}/api/users`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ ...COORDINATOR, displayName: '河西区协调员', role: 'district_admin', districtCode: DISTRICT }),
    });
    expect(created.status).toBe(201);
    // Every unit of the district uploaded and accepted: the district may be signed off.
    for (const unit of sampleRegistry().filter((u) => u.districtCode === DISTRICT)) {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(await filledWorkbookFor(unit, YEAR))]), `${unit.name}.xlsx`);
      const stored = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', body: form, headers: admin });
      const id = stored.body.files[0].submissionId;
      const accepted = await fetchJson(`${server.url}/api/submissions/${id}/review`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'accept' }) });
      expect(accepted.status).toBe(200);
    }
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    delete process.env.WEB_BUNDLE_DIR;
    if (built) rmSync(built.dir, { recursive: true, force: true });
    db.cleanup();
  });

  async function signIn(username: string, password: string, width = 1366): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await page.click('#login-form button[type=submit]');
    await page.locator('#progress-table').waitFor({ timeout: 20_000 });
    return { page, errors };
  }
  const cell = (page: Page) => page.locator(`#progress-table tr[data-code="${DISTRICT}"] td.signoff`);

  it('a district coordinator signs the district off through the confirmation dialog', async () => {
    const { page, errors } = await signIn(COORDINATOR.username, COORDINATOR.password);
    await expect(cell(page).locator('.tag').textContent()).resolves.toBe('未上报');
    await cell(page).locator('button.signoff-submit').click();
    const dialog = page.locator('#confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.locator('#modal-title').textContent()).toContain('区级审核完成，上报市级');
    await screenshot(page, 'signoff-dialog-1366', false);
    // 取消 changes nothing.
    await page.click('#modal-cancel');
    expect(await cell(page).getAttribute('data-state')).toBe('none');
    await cell(page).locator('button.signoff-submit').click();
    await page.click('#modal-confirm');
    await page.locator(`#progress-table tr[data-code="${DISTRICT}"] td.signoff[data-state="submitted"]`).waitFor({ timeout: 20_000 });
    expect(await cell(page).locator('.tag').textContent()).toBe('已上报');
    expect(await cell(page).locator('button').count()).toBe(0); // nothing more for the district to press
    await screenshot(page, 'signoff-district-1366');
    expect(errors).toEqual([]);
  }, 60_000);

  it('the city returns the district with a reason; the district reads it after a reload, at 390 px too', async () => {
    const { page, errors } = await signIn(TEST_ADMIN.username, TEST_ADMIN.password);
    await cell(page).locator('button.signoff-return').click();
    await page.locator('#confirm-dialog').waitFor();
    // An empty reason is refused in the dialog itself.
    await page.click('#modal-confirm');
    expect(await page.locator('#modal-error').textContent()).toBe('请填写退回理由。');
    await page.fill('#modal-reason', REASON);
    await screenshot(page, 'signoff-return-dialog-1366', false);
    await page.click('#modal-confirm');
    await page.locator(`#progress-table tr[data-code="${DISTRICT}"] td.signoff[data-state="returned"]`).waitFor({ timeout: 20_000 });
    expect(await cell(page).locator('.reason').textContent()).toBe(`退回理由：${REASON}`);
    await screenshot(page, 'signoff-city-1366');
    expect(errors).toEqual([]);

    const district = await signIn(COORDINATOR.username, COORDINATOR.password, 390);
    await district.page.reload();
    await district.page.locator('#progress-table').waitFor({ timeout: 20_000 });
    expect(await cell(district.page).locator('.tag').textContent()).toBe('已退回');
    expect(await cell(district.page).locator('.reason').textContent()).toContain(REASON);
    // Returned: the district may sign off again.
    expect(await cell(district.page).locator('button.signoff-submit').count()).toBe(1);
    await screenshot(district.page, 'signoff-returned-390');
    expect(district.errors).toEqual([]);
  }, 60_000);
});
