// Accounts at scale (issue 14 item 4) over HTTP on both databases: the unit accounts of a district
// or the city made from the registry in one step (an xlsx of user names and one-time passwords, one
// audit entry per account, all or nothing), a session opened with a one-time password that may do
// nothing but change it, changing one's own password, and an administrator's reset.
import ExcelJS from 'exceljs';
import { sampleRegistry } from '../../templates/src/samples/registry';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, login, startTestServer, type Caller, type TestServer } from '../support/server';

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** The sample registry by hand: 16 districts of 4 units each (区政府 …000 and three departments) and 5 city departments = 69. */
const HEPING = ['120101000', '120101001', '120101002', '120101003'];
const ALL_UNITS = 16 * 4 + 5;

interface Sheet {
  title: string;
  note: string;
  header: string[];
  rows: { district: string; code: string; name: string; username: string; password: string }[];
}

async function bulk(server: { url: string }, who: Caller, body: unknown) {
  const response = await fetch(`${server.url}/api/users/bulk`, json('POST', body, who.headers));
  if (response.status !== 201) return { status: response.status, error: (await response.json()).error };
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('单位账户')!;
  const rows: Sheet['rows'] = [];
  sheet.eachRow((row, n) => {
    if (n <= 3) return;
    const [district, code, name, username, password] = [1, 2, 3, 4, 5].map((c) => String(row.getCell(c).value ?? ''));
    rows.push({ district, code, name, username, password });
  });
  return {
    status: response.status,
    created: Number(response.headers.get('x-accounts-created')),
    skipped: Number(response.headers.get('x-accounts-skipped')),
    disposition: decodeURIComponent(response.headers.get('content-disposition') ?? ''),
    sheet: {
      title: String(sheet.getCell('A1').value),
      note: String(sheet.getCell('A2').value),
      header: [1, 2, 3, 4, 5].map((c) => String(sheet.getRow(3).getCell(c).value)),
      rows,
    } as Sheet,
  };
}

const ONE_TIME = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{12}$/;

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  it('makes the unit accounts of a district in one step, answered with an xlsx of user names and one-time passwords', async () => {
    const before = (await server.store.audit.query({ action: 'user.create' })).length;
    const answer = await bulk(server, server.admin, { districtCode: '120101' });
    expect(answer.status).toBe(201);
    expect(answer).toMatchObject({ created: 4, skipped: 0 });
    expect(answer.disposition).toContain('和平区单位账户-');
    const sheet = answer.sheet!;
    expect(sheet.title).toMatch(/^和平区填报单位账户（\d{4}-\d{2}-\d{2} 建立，共 4 个）$/);
    expect(sheet.note).toContain(`登录地址：${server.url}/`);
    expect(sheet.note).toContain('首次登录后须立即设置自己的新密码');
    expect(sheet.header).toEqual(['所属区', '单位代码', '单位名称', '用户名', '一次性密码']);
    expect(sheet.rows.map((r) => r.code)).toEqual(HEPING);
    for (const r of sheet.rows) {
      expect(r.district).toBe('和平区');
      expect(r.username).toBe(r.code);
      expect(r.name).toBe(sampleRegistry().find((u) => u.code === r.code)!.name);
      expect(r.password).toMatch(ONE_TIME);
    }
    expect(new Set(sheet.rows.map((r) => r.password)).size).toBe(4);

    // One audit entry per account, naming the unit; the store keeps hashes, not the passwords.
    const entries = (await server.store.audit.query({ action: 'user.create' })).slice(before);
    expect(entries.map((e) => e.unitCode)).toEqual(HEPING);
    for (const e of entries) expect(e.detail).toMatchObject({ username: e.unitCode, role: 'unit', bulk: '120101', oneTimePassword: true });
    const stored = await server.store.accounts.findLogin('120101002');
    expect(stored!.user).toMatchObject({ role: 'unit', unitCode: '120101002', displayName: '天津市和平区司法局', mustChangePassword: true });
    expect(stored!.passwordHash).not.toContain(sheet.rows[2].password);

    // Again: every unit has its account, nothing new.
    expect(await bulk(server, server.admin, { districtCode: '120101' })).toMatchObject({ status: 201, created: 0, skipped: 4 });
  });

  it('a one-time password opens a session that may only change it; afterwards the new password works and the old one not', async () => {
    const answer = await bulk(server, server.admin, { districtCode: '120102' });
    const row = answer.sheet!.rows.find((r) => r.code === '120102001')!;
    const first = await login(server, row.username, row.password);
    expect(first.user.mustChangePassword).toBe(true);

    const blocked = await fetchJson(`${server.url}/api/registry`, { headers: first.headers });
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(blocked.body.error.message).toMatch(/一次性密码.*设置自己的新密码/);
    const upload = await fetchJson(`${server.url}/api/submissions`, { method: 'POST', headers: first.headers, body: new FormData() });
    expect(upload.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await fetchJson(`${server.url}/api/session`, { headers: first.headers })).body.user.mustChangePassword).toBe(true);

    const change = (body: unknown) => fetchJson(`${server.url}/api/session/password`, json('POST', body, first.headers));
    const wrong = await change({ current: 'not-the-password', next: 'unit-password-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/当前密码不正确/);
    expect((await change({ current: row.password, next: 'short' })).body.error.message).toMatch(/新密码至少8个字符/);
    expect((await change({ current: row.password, next: row.password })).body.error.message).toMatch(/不能与当前密码相同/);
    expect((await change({ current: row.password, next: row.username })).body.error.message).toMatch(/不能与用户名相同/);

    const done = await change({ current: row.password, next: 'unit-password-1' });
    expect(done.status).toBe(200);
    expect(done.body.user).toMatchObject({ username: '120102001', mustChangePassword: false });
    // The same session goes on, now with every page of its role.
    expect((await fetchJson(`${server.url}/api/registry`, { headers: first.headers })).status).toBe(200);
    expect((await fetch(`${server.url}/api/session`, json('POST', { username: row.username, password: row.password }))).status).toBe(401);
    expect((await login(server, row.username, 'unit-password-1')).user.mustChangePassword).toBe(false);
    const entry = (await server.store.audit.query({ action: 'user.password' })).at(-1)!;
    expect(entry).toMatchObject({ actor: '120102001', actorRole: 'unit', unitCode: '120102001' });
    expect(entry.detail).toMatchObject({ wasOneTime: true });
  });

  it('every user changes their own password; their other sessions end, the one that changed it stays', async () => {
    const leader = await callerFor(server, 'leader', {}, 'bearer');
    const name = leader.user.username;
    const here = await login(server, name, `pw-${name}-secret`);
    const elsewhere = await login(server, name, `pw-${name}-secret`);
    const done = await fetchJson(`${server.url}/api/session/password`, json('POST', { current: `pw-${name}-secret`, next: 'leader-new-password' }, here.headers));
    expect(done.status).toBe(200);
    expect((await fetchJson(`${server.url}/api/session`, { headers: here.headers })).status).toBe(200);
    expect((await fetchJson(`${server.url}/api/session`, { headers: elsewhere.headers })).status).toBe(401);
  });

  it('a wrong current password counts like a failed login (a borrowed session cannot guess it)', async () => {
    const unit = await callerFor(server, 'unit', { unitCode: '120103001' }, 'bearer');
    const session = await login(server, unit.user.username, `pw-${unit.user.username}-secret`);
    for (let i = 0; i < 5; i++) {
      const wrong = await fetchJson(`${server.url}/api/session/password`, json('POST', { current: `guess-${i}`, next: 'whatever-new-1' }, session.headers));
      expect(wrong.status).toBe(400);
    }
    const sixth = await fetchJson(`${server.url}/api/session/password`, json('POST', { current: `pw-${unit.user.username}-secret`, next: 'whatever-new-1' }, session.headers));
    expect(sixth.status).toBe(429);
  });

  it('an administrator’s reset gives a one-time password: sessions end, the old password stops, failed logins are forgotten', async () => {
    const unit = await callerFor(server, 'unit', { unitCode: '120103002' }, 'bearer');
    const name = unit.user.username;
    const session = await login(server, name, `pw-${name}-secret`);
    for (let i = 0; i < 5; i++) await fetch(`${server.url}/api/session`, json('POST', { username: name, password: 'wrong-password' }));
    expect((await fetch(`${server.url}/api/session`, json('POST', { username: name, password: `pw-${name}-secret` }))).status).toBe(429);

    const reset = await fetchJson(`${server.url}/api/users/${unit.user.id}/password-reset`, json('POST', {}, server.admin.headers));
    expect(reset.status).toBe(200);
    expect(reset.body).toEqual({ username: name, oneTimePassword: expect.stringMatching(ONE_TIME) });
    expect((await fetchJson(`${server.url}/api/session`, { headers: session.headers })).status).toBe(401);
    expect((await fetch(`${server.url}/api/session`, json('POST', { username: name, password: `pw-${name}-secret` }))).status).toBe(401);
    const again = await login(server, name, reset.body.oneTimePassword);
    expect(again.user.mustChangePassword).toBe(true);
    expect((await server.store.audit.query({ action: 'user.reset-password' })).at(-1)).toMatchObject({ actor: 'admin', unitCode: '120103002', detail: { username: name } });

    const self = await fetchJson(`${server.url}/api/users/${server.admin.user.id}/password-reset`, json('POST', {}, server.admin.headers));
    expect(self.status).toBe(409);
    expect(self.body.error.message).toMatch(/修改密码/);
  });

  it('an account the administrator makes with a chosen password may be made to change it at first login', async () => {
    const created = await fetchJson(
      `${server.url}/api/users`,
      json('POST', { username: 'chosen-1', displayName: '选定密码', password: 'chosen-password', role: 'leader', mustChangePassword: true }, server.admin.headers),
    );
    expect(created.body.user.mustChangePassword).toBe(true);
    const session = await login(server, 'chosen-1', 'chosen-password');
    expect((await fetchJson(`${server.url}/api/progress?year=2024`, { headers: session.headers })).body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('a user name already used by another account stops the whole batch, naming it; nothing is made', async () => {
    await fetchJson(`${server.url}/api/users`, json('POST', { username: '120104002', displayName: '误用单位代码的账号', password: 'some-password', role: 'leader' }, server.admin.headers));
    const usersBefore = (await server.store.accounts.listUsers()).length;
    const entriesBefore = (await server.store.audit.query({ action: 'user.create' })).length;
    const refused = await bulk(server, server.admin, { districtCode: '120104' });
    expect(refused.status).toBe(409);
    expect(refused.error.message).toMatch(/用户名“120104002”（天津市.*）已被其他账号使用.*本次未建立任何账户/);
    expect((await server.store.accounts.listUsers()).length).toBe(usersBefore);
    expect((await server.store.audit.query({ action: 'user.create' })).length).toBe(entriesBefore);
  });

  it('a district coordinator makes the accounts of their own district only; the city makes the rest of the registry', async () => {
    const coordinator = await callerFor(server, 'district_admin', { districtCode: '120105' }, 'bearer');
    expect(await bulk(server, coordinator, { districtCode: '120105' })).toMatchObject({ status: 201, created: 4, skipped: 0 });
    expect((await bulk(server, coordinator, { districtCode: '120106' })).status).toBe(403);
    expect((await bulk(server, coordinator, { city: true })).status).toBe(403);
    expect((await bulk(server, server.admin, { districtCode: '999999' })).error.message).toMatch(/区代码“999999”不在单位名录中/);
    expect((await bulk(server, server.admin, { districtCode: '120101', city: true })).status).toBe(400);

    // By hand, before the city batch: 69 units; the name 120104002 is taken by another account (above), so the batch is refused …
    const refused = await bulk(server, server.admin, { city: true });
    expect(refused.status).toBe(409);
    // … until that unit has an account of its own (a unit with an account is skipped). Units with an account then:
    // 120101 (4, first batch) + 120102 (4) + 120103001 and 120103002 (two made one by one) + 120105 (4) + 120104002 = 15,
    // so 69 − 15 = 54 new.
    await fetchJson(`${server.url}/api/users`, json('POST', { username: 'nankai-judicial', displayName: '南开区司法局', password: 'some-password', role: 'unit', unitCode: '120104002' }, server.admin.headers));
    const city = await bulk(server, server.admin, { city: true });
    expect(city).toMatchObject({ status: 201, created: ALL_UNITS - 15, skipped: 15 });
    expect(city.sheet!.title).toMatch(/^全市填报单位账户（.*共 54 个）$/);
    expect(city.sheet!.rows.filter((r) => r.district === '市级部门')).toHaveLength(5);
  });
});
