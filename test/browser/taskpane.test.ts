// The task pane in real Chromium against the fake Excel host and a real running aggregator:
// insert the standard sheet for a registry unit, fill it, paste a bad value, see the Chinese error,
// click it and see the selection move, fix it, submit the workbook and see it accepted.
import { rmSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { currentCatalogue } from '../../templates/src/core/catalogue';
import { BOOLEAN_FALSE, BOOLEAN_TRUE, INPUT_SHEET } from '../../templates/src/core/contract';
import { PALETTE, planInputSheet } from '../../templates/src/core/layout';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { hashPassword, newApiToken, sha256Hex } from '../../aggregator/src/auth/secrets';
import type { NewUser } from '../../aggregator/src/store/account-types';
import { collectPageErrors, launchChromium, screenshot } from './support/chromium';
import { sqliteDatabase } from './support/sqlite';
import type { FakeSheetSnapshot } from '../support/fake-office';
import { fetchJson, startTestServer, type TestServer } from '../support/server';
import { validInputs } from '../support/sheet-builder';
import type { FilledSheet } from '../../templates/src/core/model';
import { validateSheet } from '../../templates/src/core/validate';
import { writeManifest } from '../../manifest/build';
import { buildAddin, type BuiltAddin } from './build-addin';

const catalogue = currentCatalogue();
const unit = sampleRegistry().find((u) => u.unitType === 'district_gov')!;
// The server's first start opens 2023 and 2024, whose deadlines have passed by now; the tests open
// 2025 and 2026 with a far deadline, so submissions are judged on content, not on the calendar.
const YEAR = 2025;
const NEXT_YEAR = 2026;
/** The report's dates fall in the year after the report year (deadline rules). */
const datesFor = (year: number) => ({ 'meta.report_submitted_date': `${year + 1}-02-20`, 'meta.report_published_date': `${year + 1}-03-25` });
const plan = planInputSheet(catalogue, 'district_gov', { year: YEAR, prefill: unit });
const BAD_CODE = 'learn.exam_required';
const BAD_ADDRESS = plan.valueAddress[BAD_CODE];

/** What Excel's getFileAsync would hand over: the fake workbook written as a real .xlsx. */
async function serialize(sheets: FakeSheetSnapshot[]): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const state = s.visibility === 'VeryHidden' ? 'veryHidden' : s.visibility === 'Hidden' ? 'hidden' : 'visible';
    const ws = workbook.addWorksheet(s.name, { state });
    for (const [address, c] of Object.entries(s.cells)) {
      const cell = ws.getCell(address);
      cell.value = c.formula ? { formula: c.formula, result: c.value === '' ? undefined : (c.value as number | string) } : c.value;
      if (c.numberFormat && c.numberFormat !== 'General') cell.numFmt = c.numberFormat;
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64');
}

/** An account with one API token, made through the store as a coordinator's POST /api/users would. */
async function accountToken(server: TestServer, account: Omit<NewUser, 'passwordHash'>): Promise<string> {
  const user = await server.store.accounts.createUser({ ...account, passwordHash: await hashPassword('not-used-in-this-test') });
  const token = newApiToken();
  await server.store.accounts.createToken({ userId: user.id, name: 'Excel 加载项', tokenHash: sha256Hex(token) });
  return token;
}

const unitToken = (server: TestServer, unitCode: string) =>
  accountToken(server, { username: `unit-${unitCode}`, displayName: unitCode, role: 'unit', unitCode, districtCode: null });

/** Playwright's expect.poll, for jest: retries until the value matches or the time is up. */
async function poll<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(expected) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  expect(last).toEqual(expected);
}

describe('task pane in Chromium', () => {
  const db = sqliteDatabase();

  let built: BuiltAddin;
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  /** Uncaught errors in the pane fail the test, not only a log line. */
  let pageErrors: string[];
  const dept = sampleRegistry().find((u) => u.unitType === 'department' && u.districtCode === unit.districtCode)!;
  const tokens: Record<string, string> = {};

  /** The unit's token typed into the pane's settings, which keeps it for the user. */
  async function useToken(p: Page, token: string): Promise<void> {
    await p.click('#settings summary');
    await p.fill('#token', token);
    await p.click('#save-settings');
    await p.locator('#status', { hasText: '设置已保存' }).waitFor();
    await p.locator('#connection', { hasText: '已连接汇总系统' }).waitFor();
  }

  beforeAll(async () => {
    built = await buildAddin();
    // Same origin as the API, as in production: the aggregator serves this build under /addin/.
    process.env.WEB_BUNDLE_DIR = built.webDir;
    process.env.ADDIN_MANIFEST_DIR = path.join(built.dir, 'addin');
    if (built.officeJsDir) process.env.OFFICE_JS_DIR = built.officeJsDir;
    try {
      server = await startTestServer(db);
    } finally {
      delete process.env.WEB_BUNDLE_DIR;
      delete process.env.ADDIN_MANIFEST_DIR;
      delete process.env.OFFICE_JS_DIR;
    }
    for (const year of [YEAR, NEXT_YEAR]) await server.store.openYear({ year, catalogueVersion: catalogue.version, deadline: '2099-03-01' });
    // Each unit submits with its own API token, as issued by a coordinator.
    for (const u of [unit, dept]) tokens[u.code] = await unitToken(server, u.code);
    tokens.city = await accountToken(server, { username: 'city-admin', displayName: '市级管理员', role: 'city_admin', unitCode: null, districtCode: null });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 420, height: 1100 } });
    await page.exposeFunction('fakeSerialize', serialize);
    pageErrors = collectPageErrors(page);
  }, 180_000);

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (built) rmSync(built.dir, { recursive: true, force: true });
    db.cleanup();
  });

  const host = <T>(fn: string, ...args: unknown[]): Promise<T> =>
    page.evaluate(([body, a]) => new Function('host', 'args', body)(window.fakeHost, a), [fn, args] as const) as Promise<T>;

  /** The unit types every input cell of the inserted sheet (one paste per cell, as when copying from last year's file). */
  async function fillSheet(p: typeof plan, unitType: 'district_gov' | 'department', overrides: Record<string, string | number> = {}): Promise<void> {
    const inputs = { ...validInputs(unitType), ...overrides };
    const cells = p.rows.flatMap((r) => (r.type === 'indicator' && r.value.kind === 'input' && inputs[r.code] !== undefined ? [[r.value.address, inputs[r.code]] as const] : []));
    await host(
      `return (async () => { for (const [a, v] of args[0]) await host.paste('${INPUT_SHEET}', a, [[v]]); })();`,
      cells.map(([a, v]) => [a, typeof v === 'boolean' ? (v ? BOOLEAN_TRUE : BOOLEAN_FALSE) : v]),
    );
  }

  /** Clicks 报送 and waits for the aggregator's answer, or fails with the pane's error line. */
  async function submit(p: Page): Promise<void> {
    await p.click('#submit');
    await p.waitForFunction(() => document.querySelector('.result') || document.querySelector('#status.error'), undefined, { timeout: 30_000 });
    const error = p.locator('#status.error');
    if ((await error.count()) > 0) throw new Error(`报送失败：${await error.textContent()}`);
  }

  /** Waits for a clean check, or fails listing what the pane still reports. */
  async function passed(p: Page): Promise<void> {
    try {
      await p.locator('#summary', { hasText: '校验通过' }).waitFor({ timeout: 15_000 });
    } catch {
      throw new Error(`校验未通过：${(await p.locator('#problems').textContent())?.slice(0, 600)}`);
    }
  }

  async function insert(unitCode: string, year: number, replace: boolean): Promise<void> {
    await page.selectOption('#unit', unitCode);
    await page.fill('#year', String(year));
    if (replace) await page.check('#replace');
    await page.click('#insert');
    await page.waitForFunction((y) => {
      const status = document.querySelector('#status')!;
      return status.textContent!.includes(`已插入${y}年度`) || status.classList.contains('error');
    }, year);
    expect(await page.locator('#status').textContent()).toContain(`已插入${year}年度标准表`);
  }

  it('insert → check → go to the faulty cell → fix → submit → accepted', async () => {
    await page.goto(`${server.url}/addin/taskpane.html`);
    await page.getByText('本工作簿还没有标准表').waitFor();
    // Without a token the aggregator refuses, and the pane says where to put it.
    await page.locator('#connection', { hasText: '尚未填写报送令牌' }).waitFor();
    await useToken(page, tokens[unit.code]);
    // The registry came from the aggregator: pick the unit so 基本信息 is prefilled.
    await page.selectOption('#unit', unit.code);
    await page.fill('#year', String(YEAR));
    await page.click('#insert');
    await page.locator('#summary', { hasText: '处错误' }).waitFor();
    const inserted = await host<{ name: string; protected: boolean; unitName: unknown }>(
      `const s = host.sheet('${INPUT_SHEET}'); return { name: s.name, protected: !!s.protectedWith, unitName: s.valueOf('${plan.valueAddress['meta.unit_name']}') };`,
    );
    expect(inserted).toEqual({ name: INPUT_SHEET, protected: true, unitName: unit.name });

    await fillSheet(plan, 'district_gov', datesFor(YEAR));
    await passed(page);
    // The rate computed from the typed inputs is shown in the pane.
    await expect(page.locator('tr[data-code="learn.exam_pass_rate"] td.num').first().textContent()).resolves.toBe('98.33%');

    // A pasted value bypasses Excel's data validation; the live check catches it, in Chinese.
    await host(`return host.paste('${INPUT_SHEET}', '${BAD_ADDRESS}', [['约120人']]);`);
    const problem = page.locator(`li.problem.error[data-codes="${BAD_CODE}"]`);
    await problem.waitFor();
    expect(await problem.textContent()).toContain(`${INPUT_SHEET}!${BAD_ADDRESS}`);
    expect(await problem.textContent()).toContain('约120人');
    expect(await page.locator('#submit').isDisabled()).toBe(true);
    expect(await host(`return host.sheet('${INPUT_SHEET}').peek('${BAD_ADDRESS}').fill;`)).toBe('FFC7CE');

    // Clicking the problem activates the sheet and selects the cell.
    await host(`host.activeSheet = '填报说明'; host.selection = null;`);
    await problem.click();
    await poll(() => host(`return host.selection;`), { sheet: INPUT_SHEET, address: BAD_ADDRESS });
    await screenshot(page, 'taskpane-error');

    // Fixing it by typing clears the error and the highlight.
    expect(await host(`return host.type('${INPUT_SHEET}', '${BAD_ADDRESS}', '120');`)).toEqual({ ok: true });
    await passed(page);
    await poll(() => host(`return host.sheet('${INPUT_SHEET}').peek('${BAD_ADDRESS}').fill;`), PALETTE.inputFill);

    // Submit: the workbook itself, in slices, to the real aggregator.
    await submit(page);
    const result = page.locator('.result');
    await screenshot(page, 'taskpane-accepted');
    expect(await result.getAttribute('data-outcome')).toBe('stored');
    expect(await result.textContent()).toContain(unit.name);
    const calls = await host<string[]>(`return host.calls.filter((c) => c.startsWith('getFileAsync'));`);
    expect(calls).toHaveLength(1);
    expect(Number(calls[0].split(':')[2])).toBeGreaterThan(1);

    const listed = await fetchJson(`${server.url}/api/submissions?year=${YEAR}&unit=${unit.code}`, { headers: { Authorization: `Bearer ${tokens[unit.code]}` } });
    expect(listed.body.submissions).toHaveLength(1);
    expect(listed.body.submissions[0]).toMatchObject({ unitCode: unit.code, version: 1 });
    await page.locator('#review-state [data-review="pending"]', { hasText: '第 1 版' }).waitFor();

    // The district returns it with a reason; the unit sees the reason in the pane.
    const reason = '学法用法考试人数与组织部门统计不一致，请核实后重报。';
    const review = await fetchJson(`${server.url}/api/submissions/${listed.body.submissions[0].id}/review`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokens.city}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'return', reason }),
    });
    expect(review.status).toBe(200);
    await page.click('#recheck');
    await page.locator('#review-state .returned', { hasText: reason }).waitFor();
    await screenshot(page, 'taskpane-returned');
  }, 120_000);

  it('shows the reason when the aggregator returns a sheet, and last year beside this year with a 同比 warning', async () => {
    const deptPlan = (year: number) => planInputSheet(catalogue, 'department', { year, prefill: dept });
    await page.goto(`${server.url}/addin/taskpane.html`);
    // The first unit's token was kept across the reload; this unit uses its own.
    expect(await page.inputValue('#token')).toBe(tokens[unit.code]);
    await useToken(page, tokens[dept.code]);

    // 2022 is not open on the aggregator: the sheet is valid here but returned there, with the reason.
    await insert(dept.code, 2022, false);
    await fillSheet(deptPlan(2022), 'department', datesFor(2022));
    await passed(page);
    await submit(page);
    const returned = page.locator('.result');
    expect(await returned.getAttribute('data-outcome')).toBe('refused');
    expect(await returned.textContent()).toContain('2022 年度尚未开放填报');

    // Last year accepted, then this year with a figure that tripled.
    await insert(dept.code, YEAR, true);
    await fillSheet(deptPlan(YEAR), 'department', datesFor(YEAR));
    await passed(page);
    await submit(page);
    expect(await page.locator('.result').getAttribute('data-outcome')).toBe('stored');

    await insert(dept.code, NEXT_YEAR, true);
    await fillSheet(deptPlan(NEXT_YEAR), 'department', { ...datesFor(NEXT_YEAR), 'learn.exam_required': 360 });
    const yoy = page.locator('li.problem.warning[data-codes="learn.exam_required"]');
    await yoy.waitFor();
    expect(await yoy.textContent()).toContain('备注');
    const row = page.locator('tr[data-code="learn.exam_required"] td.num');
    expect(await row.allTextContents()).toEqual(['360', '120']);
    // Rates: this year from the typed inputs, last year's as the aggregator stored them with that submission.
    expect(await page.locator('tr[data-code="learn.exam_participation_rate"] td.num').allTextContents()).toEqual(['33.33%', '100%']);
    expect(await page.locator('.result').count()).toBe(0);
    // A warning does not block submitting.
    expect(await page.locator('#submit').isDisabled()).toBe(false);
    await screenshot(page, 'taskpane-yoy');

    // Explaining it in 备注 turns the warning into a note.
    const remark = `G${deptPlan(NEXT_YEAR).valueAddress['learn.exam_required'].slice(1)}`;
    expect(await host(`return host.type('${INPUT_SHEET}', '${remark}', '新增全员轮训');`)).toEqual({ ok: true });
    await page.locator('li.problem.info[data-codes="learn.exam_required"]').waitFor();
  }, 120_000);

  it('works offline until submitting; where the host cannot hand over the file, sends the values the validator read', async () => {
    const offline = await browser.newPage({ viewport: { width: 420, height: 900 } });
    offline.on('pageerror', (e) => pageErrors.push(e.message));
    try {
      await offline.addInitScript(() => {
        window.fakeWithoutFile = true;
      });
      // Offline: every API call fails at the network level.
      let online = false;
      let posted: unknown;
      await offline.route('**/api/**', async (route) => {
        if (!online) return route.abort('internetdisconnected');
        if (route.request().url().endsWith('/api/submissions/values')) posted = route.request().postDataJSON();
        return route.continue();
      });
      page = offline;
      await offline.goto(`${server.url}/addin/taskpane.html`);
      await offline.locator('#connection', { hasText: '无法连接汇总系统' }).waitFor();
      await offline.click('#settings summary');
      await offline.fill('#token', tokens[unit.code]);
      await offline.click('#save-settings');
      await offline.selectOption('#unit-type', 'district_gov');
      await offline.fill('#year', String(YEAR));
      await offline.click('#insert');
      await offline.locator('#summary', { hasText: '处错误' }).waitFor();
      const handPlan = planInputSheet(catalogue, 'district_gov', { year: YEAR });
      // Typed by hand (no registry offline); the contact differs from the earlier submission, so this is a new version.
      await fillSheet(handPlan, 'district_gov', { ...datesFor(YEAR), 'meta.contact': '李四 022-87654321' });
      await passed(offline);

      await offline.click('#submit');
      await offline.locator('#status.error', { hasText: '无法连接汇总系统' }).waitFor();

      online = true;
      await submit(offline);
      expect(await offline.locator('.result').getAttribute('data-outcome')).toBe('stored');
      expect(await offline.locator('.result').textContent()).toContain('第 2 版');
      const body = posted as { sheetName: string; stamp: Record<string, string>; cells: FilledSheet['cells'] };
      expect(body).toMatchObject({ sheetName: INPUT_SHEET, stamp: { unit_type: 'district_gov', report_year: String(YEAR), catalogue_version: catalogue.version } });
      expect(Object.keys(body.cells)).toHaveLength(catalogue.fields.length);
      // What the aggregator will do with it: the same validator over the same cells finds nothing wrong.
      const cells = Object.fromEntries(Object.entries(body.cells).map(([code, c]) => [code, { ...c, ref: { sheet: INPUT_SHEET, address: (c as unknown as { address: string }).address } }]));
      const again = validateSheet(catalogue, { sheetName: INPUT_SHEET, unitType: 'district_gov', cells }, { reportYear: YEAR });
      expect(again.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(body.cells['meta.unit_name'].raw).toEqual({ kind: 'string', value: validInputs('district_gov')['meta.unit_name'] });
      expect(await host<string[]>(`return host.calls.filter((c) => c.startsWith('getFileAsync'));`)).toEqual([]);
      const listed = await fetchJson(`${server.url}/api/submissions?year=${YEAR}&unit=${unit.code}`, { headers: { Authorization: `Bearer ${tokens[unit.code]}` } });
      expect(listed.body.submissions[0]).toMatchObject({ unitCode: unit.code, version: 2 });
    } finally {
      await offline.close();
    }
  }, 120_000);

  it('serves the pages and office.js folder under /addin/ and says in Chinese what is not built', async () => {
    const html = await fetch(`${server.url}/addin/taskpane.html`);
    expect(html.status).toBe(200);
    expect(await html.text()).toContain('office-js/office.js');
    expect((await fetch(`${server.url}/addin/office-js/office.js`)).status).toBe(200);
    const manifest = await fetchJson(`${server.url}/addin/manifest.xml`);
    expect(manifest.status).toBe(404);
    expect(manifest.body.error.message).toContain('npm run build');
    // Once built, the manifest and icons are served (the manifest build is the second half of `npm run build`).
    writeManifest(path.join(built.dir, 'addin'), { ADDIN_BASE_URL: 'https://fazhi.example.gov.cn/addin' });
    const xml = await fetch(`${server.url}/addin/manifest.xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toContain('xml');
    expect(await xml.text()).toContain('<Permissions>ReadWriteDocument</Permissions>');
    const icon = await fetch(`${server.url}/addin/assets/icon-32.png`);
    expect([icon.status, icon.headers.get('content-type')]).toEqual([200, 'image/png']);
    for (const missing of ['/addin/assets/icon-99.png', '/addin/office-js/nope.js', '/addin/other.html']) {
      const answer = await fetchJson(`${server.url}${missing}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error.message).toContain('加载项文件不存在');
    }
  });
});
