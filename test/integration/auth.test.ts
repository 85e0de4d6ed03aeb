// Sessions, CSRF, login throttling, API tokens and the first administrator, over real HTTP on both
// databases: the cookie's attributes, a new id at every login, the idle timeout, the Origin and
// token checks, failures counted in the database (so two instances share them), token revocation.
import pino from 'pino';
import { ensureFirstAdmin } from '../../aggregator/src/auth/bootstrap';
import { login as loginWithStore } from '../../aggregator/src/auth/login';
import { startServer, type RunningServer } from '../../aggregator/src/main';
import { forEachDatabase } from '../support/databases';
import { callerFor, fetchJson, login, startTestServer, TEST_ADMIN, type TestServer } from '../support/server';

const json = (method: string, body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

const postLogin = (url: string, username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/session`, json('POST', { username, password }, headers));

forEachDatabase((db) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(db);
  });
  afterAll(() => server?.close());

  describe('sessions', () => {
    it('logs in with an HttpOnly, SameSite=Strict cookie and answers who is signed in', async () => {
      const response = await postLogin(server.url, TEST_ADMIN.username, TEST_ADMIN.password);
      expect(response.status).toBe(200);
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith('fz_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\//);
      expect(cookie).not.toMatch(/Secure/i); // plain HTTP here; set behind HTTPS
      const body = await response.json();
      expect(body.user).toEqual({ id: expect.any(String), username: 'admin', displayName: '系统管理员', role: 'city_admin', unitCode: null, districtCode: null, disabled: false, mustChangePassword: false });
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);

      const me = await fetchJson(`${server.url}/api/session`, { headers: { cookie: cookie.split(';')[0] } });
      expect(me.status).toBe(200);
      expect(me.body).toEqual({ user: body.user, csrfToken: body.csrfToken });
      // The password is stored as a salted scrypt hash.
      const stored = await server.store.accounts.findLogin('admin');
      expect(stored!.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(stored!.passwordHash).not.toContain(TEST_ADMIN.password);
    });

    it('issues a new session id at every login and ends the presented one', async () => {
      const first = await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
      const again = await postLogin(server.url, TEST_ADMIN.username, TEST_ADMIN.password, { cookie: first.headers.cookie });
      const second = again.headers.getSetCookie().find((c) => c.startsWith('fz_session='))!.split(';')[0];
      expect(second).not.toBe(first.headers.cookie);
      expect((await fetchJson(`${server.url}/api/session`, { headers: { cookie: first.headers.cookie } })).status).toBe(401);
      expect((await fetchJson(`${server.url}/api/session`, { headers: { cookie: second } })).status).toBe(200);
    });

    it('refuses wrong passwords and unknown names with the same Chinese message', async () => {
      const wrong = await fetchJson(`${server.url}/api/session`, json('POST', { username: 'admin', password: 'nope-nope' }));
      const unknown = await fetchJson(`${server.url}/api/session`, json('POST', { username: 'nobody', password: 'nope-nope' }));
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.error.message).toBe(unknown.body.error.message);
      expect(wrong.body.error.message).toMatch(/用户名或密码错误/);
      await server.store.accounts.clearLoginFailures('user:admin');
    });

    it('logs out: the cookie is cleared and the session no longer works', async () => {
      const session = await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
      const out = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: session.headers });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie().join()).toMatch(/fz_session=;/);
      const after = await fetchJson(`${server.url}/api/registry`, { headers: session.headers });
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('SESSION_EXPIRED');
    });

    it('ends a session after the idle timeout', async () => {
      // 3 s idle: the first request must land within it even on a loaded machine; the sleep only needs to be longer.
      const quick = await startTestServer(db, { sessionIdleMinutes: 3 / 60 });
      try {
        const session = await login(quick, TEST_ADMIN.username, TEST_ADMIN.password);
        expect((await fetchJson(`${quick.url}/api/registry`, { headers: session.headers })).status).toBe(200);
        await new Promise((r) => setTimeout(r, 3500));
        const late = await fetchJson(`${quick.url}/api/registry`, { headers: session.headers });
        expect(late.status).toBe(401);
        expect(late.body.error.message).toMatch(/登录已超时/);
      } finally {
        await quick.close();
      }
    });

    it('denies every non-public route without an account (deny by default)', async () => {
      for (const path of ['/api/registry', '/api/years', `/api/submissions?year=2024`, '/api/users', '/api/audit', '/api/no-such-route']) {
        const answer = await fetchJson(`${server.url}${path}`);
        expect({ path, status: answer.status, code: answer.body.error.code }).toEqual({ path, status: 401, code: 'AUTH_REQUIRED' });
      }
      expect((await fetchJson(`${server.url}/api/health`)).status).toBe(200);
      expect((await fetchJson(`${server.url}/api/no-such-route`, server.authed())).status).toBe(404);
    });
  });

  describe('CSRF', () => {
    const openYear = (headers: Record<string, string>) => fetchJson(`${server.url}/api/years/2024/status`, json('POST', { status: 'open' }, headers));

    it('needs the session’s X-CSRF-Token on cookie-authenticated changes', async () => {
      const session = await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
      const missing = await openYear({ cookie: session.headers.cookie });
      expect(missing.status).toBe(403);
      expect(missing.body.error.code).toBe('CSRF');
      const wrong = await openYear({ cookie: session.headers.cookie, 'x-csrf-token': 'x'.repeat(43) });
      expect(wrong.status).toBe(403);
      expect((await openYear(session.headers)).status).toBe(200);
      // Reads need no token.
      expect((await fetchJson(`${server.url}/api/years`, { headers: { cookie: session.headers.cookie } })).status).toBe(200);
    });

    it('refuses a foreign Origin even with the right token, and accepts its own', async () => {
      const session = await login(server, TEST_ADMIN.username, TEST_ADMIN.password);
      const foreign = await openYear({ ...session.headers, origin: 'http://evil.example' });
      expect(foreign.status).toBe(403);
      expect(foreign.body.error.message).toMatch(/请求来源/);
      expect((await openYear({ ...session.headers, origin: server.url })).status).toBe(200);
      // Login itself from a foreign page is refused too (login CSRF).
      expect((await postLogin(server.url, TEST_ADMIN.username, TEST_ADMIN.password, { origin: 'http://evil.example' })).status).toBe(403);
    });

    it('does not ask scripts or an add-in from another origin with an API token for CSRF checks', async () => {
      expect((await openYear(server.admin.headers)).status).toBe(200);
      // Browsers never attach a token by themselves, so its Origin does not matter.
      expect((await openYear({ ...server.admin.headers, origin: 'https://addin.example' })).status).toBe(200);
    });
  });

  describe('login throttling', () => {
    it('blocks a user name after repeated failures, even with the right password, across two instances', async () => {
      const victim = await callerFor(server, 'leader', {}, 'bearer');
      const name = victim.user.username;
      // A second instance on the same database: the failures are counted in the database.
      const twin: RunningServer = await startServer(server.config, { logger: pino({ level: 'silent' }) });
      try {
        for (let i = 0; i < 3; i++) expect((await postLogin(server.url, name, 'wrong-password')).status).toBe(401);
        for (let i = 0; i < 2; i++) expect((await postLogin(twin.url, name, 'wrong-password')).status).toBe(401);
        const blocked = await postLogin(server.url, name, `pw-${name}-secret`);
        expect(blocked.status).toBe(429);
        expect(Number(blocked.headers.get('retry-after'))).toBe(server.config.loginWindowMinutes * 60);
        expect((await blocked.json()).error.message).toMatch(/登录失败次数过多/);
        expect((await postLogin(twin.url, name, `pw-${name}-secret`)).status).toBe(429);
        // Other accounts are not affected.
        expect((await postLogin(server.url, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(200);
      } finally {
        await twin.close();
      }
    });

    it('blocks an address that sprays many user names', async () => {
      const strict = await startTestServer(db, { loginMaxFailuresPerIp: 3 });
      try {
        for (const name of ['a1', 'a2', 'a3']) expect((await postLogin(strict.url, name, 'wrong-password')).status).toBe(401);
        expect((await postLogin(strict.url, TEST_ADMIN.username, TEST_ADMIN.password)).status).toBe(429);
      } finally {
        await strict.close();
      }
    });

    it('a browser that signed in before is throttled on its own: guesses at its user name do not lock its user out', async () => {
      const victim = await callerFor(server, 'unit', { unitCode: '120101001' }, 'bearer');
      const name = victim.user.username;
      const right = `pw-${name}-secret`;
      const first = await postLogin(server.url, name, right);
      expect(first.status).toBe(200);
      const set = first.headers.getSetCookie().find((c) => c.startsWith('fz_device='))!;
      expect(set).toMatch(/HttpOnly/i);
      expect(set).toMatch(/SameSite=Strict/i);
      expect(set).toMatch(/Path=\/api\/session/);
      expect(set).toMatch(/Max-Age=15552000/); // 180 days
      const device = { cookie: set.split(';')[0] };

      // Someone elsewhere guesses: 5 failures (LOGIN_MAX_FAILURES) lock the name for browsers it does not know …
      for (let i = 0; i < 5; i++) expect((await postLogin(server.url, name, 'wrong-password')).status).toBe(401);
      expect((await postLogin(server.url, name, right)).status).toBe(429);
      // … while its own browser still signs in, and keeps its cookie.
      const again = await postLogin(server.url, name, right, device);
      expect(again.status).toBe(200);
      expect(again.headers.getSetCookie().find((c) => c.startsWith('fz_device='))!.split(';')[0]).toBe(device.cookie);
      // The known browser has its own count: 5 wrong passwords there, then 429 there too.
      for (let i = 0; i < 5; i++) expect((await postLogin(server.url, name, 'wrong-password', device)).status).toBe(401);
      expect((await postLogin(server.url, name, right, device)).status).toBe(429);

      const entries = await server.store.audit.query({ actor: name, action: 'login.' });
      expect(entries.map((e) => e.action)).toEqual([
        'login.success',
        ...Array(5).fill('login.failure'),
        'login.throttled',
        'login.success',
        ...Array(5).fill('login.failure'),
        'login.throttled',
      ]);
      expect(entries[0].detail).toMatchObject({ knownDevice: false });
      expect(entries[7].detail).toMatchObject({ knownDevice: true });
      const throttled = entries.filter((e) => e.action === 'login.throttled');
      expect(throttled.at(-2)!.detail).toMatchObject({ byUser: 5 });
      expect(throttled.at(-1)!.detail).toMatchObject({ knownDevice: true, byDevice: 5 });
    });

    it('a device cookie counts only for the account it was issued to, and a new password forgets it', async () => {
      const a = await callerFor(server, 'leader', {}, 'bearer');
      const b = await callerFor(server, 'leader', {}, 'bearer');
      const deviceOfA = { cookie: (await postLogin(server.url, a.user.username, `pw-${a.user.username}-secret`)).headers.getSetCookie().find((c) => c.startsWith('fz_device='))!.split(';')[0] };
      for (let i = 0; i < 5; i++) await postLogin(server.url, b.user.username, 'wrong-password');
      expect((await postLogin(server.url, b.user.username, `pw-${b.user.username}-secret`, deviceOfA)).status).toBe(429);

      for (let i = 0; i < 5; i++) await postLogin(server.url, a.user.username, 'wrong-password');
      expect((await postLogin(server.url, a.user.username, `pw-${a.user.username}-secret`, deviceOfA)).status).toBe(200);
      // An administrator sets a new password (the account may be in other hands): its browsers are strangers again.
      const patched = await fetchJson(`${server.url}/api/users/${a.user.id}`, server.authed(json('PATCH', { password: 'a-new-password' })));
      expect(patched.status).toBe(200);
      for (let i = 0; i < 5; i++) await postLogin(server.url, a.user.username, 'wrong-password');
      expect((await postLogin(server.url, a.user.username, 'a-new-password', deviceOfA)).status).toBe(429);
    });

    it('behind a proxy (TRUST_PROXY) counts each client address apart; a known browser is not held by its address', async () => {
      const proxied = await startTestServer(db, { trustProxy: 1, loginMaxFailuresPerIp: 3 });
      try {
        const known = await callerFor(proxied, 'leader', {}, 'bearer');
        const newcomer = await callerFor(proxied, 'leader', {}, 'bearer');
        const knownDevice = (await postLogin(proxied.url, known.user.username, `pw-${known.user.username}-secret`, { 'x-forwarded-for': '10.1.1.1' }))
          .headers.getSetCookie().find((c) => c.startsWith('fz_device='))!.split(';')[0];
        // One district office behind 10.1.1.1: three failures (three users mistyping) …
        for (const name of ['d1', 'd2', 'd3']) expect((await postLogin(proxied.url, name, 'wrong-password', { 'x-forwarded-for': '10.1.1.1' })).status).toBe(401);
        // … hold new browsers at that address, not a browser that signed in before, nor another office.
        expect((await postLogin(proxied.url, newcomer.user.username, `pw-${newcomer.user.username}-secret`, { 'x-forwarded-for': '10.1.1.1' })).status).toBe(429);
        expect((await postLogin(proxied.url, known.user.username, `pw-${known.user.username}-secret`, { 'x-forwarded-for': '10.1.1.1', cookie: knownDevice })).status).toBe(200);
        expect((await postLogin(proxied.url, newcomer.user.username, `pw-${newcomer.user.username}-secret`, { 'x-forwarded-for': '10.2.2.2' })).status).toBe(200);
        const entry = (await proxied.store.audit.query({ action: 'login.throttled' })).at(-1)!;
        expect(entry.detail).toEqual({ ip: '10.1.1.1', byUser: 0, byAddress: 3 });
      } finally {
        await proxied.close();
      }
    });

    it('without TRUST_PROXY ignores X-Forwarded-For: a client cannot dodge the address count by writing its own', async () => {
      const direct = await startTestServer(db, { loginMaxFailuresPerIp: 3 });
      try {
        for (const [i, name] of ['s1', 's2', 's3'].entries()) {
          expect((await postLogin(direct.url, name, 'wrong-password', { 'x-forwarded-for': `10.9.9.${i}` })).status).toBe(401);
        }
        expect((await postLogin(direct.url, 's4', 'wrong-password', { 'x-forwarded-for': '10.9.9.99' })).status).toBe(429);
        const entry = (await direct.store.audit.query({ action: 'login.throttled' })).at(-1)!;
        expect(entry.detail.ip).toMatch(/127\.0\.0\.1/);
      } finally {
        await direct.close();
      }
    });

    it('forgets a user’s failures after a successful login', async () => {
      const user = await callerFor(server, 'leader', {}, 'bearer');
      const name = user.user.username;
      for (let i = 0; i < 4; i++) await postLogin(server.url, name, 'wrong-password');
      expect((await postLogin(server.url, name, `pw-${name}-secret`)).status).toBe(200);
      for (let i = 0; i < 4; i++) expect((await postLogin(server.url, name, 'wrong-password')).status).toBe(401);
      expect((await postLogin(server.url, name, `pw-${name}-secret`)).status).toBe(200);
    });
  });

  describe('API tokens and account changes', () => {
    it('stops a revoked token and a disabled account; a new password ends open sessions', async () => {
      const unit = await callerFor(server, 'unit', { unitCode: '120101001' }, 'bearer');
      expect((await fetchJson(`${server.url}/api/years`, { headers: unit.headers })).status).toBe(200);
      const listed = await fetchJson(`${server.url}/api/users/${unit.user.id}/tokens`, server.authed());
      expect(listed.body.tokens).toEqual([expect.objectContaining({ name: '测试令牌', revokedAt: null, lastUsedAt: expect.any(String) })]);
      expect(JSON.stringify(listed.body)).not.toContain(unit.token!);
      expect((await fetch(`${server.url}/api/tokens/${listed.body.tokens[0].id}`, server.authed({ method: 'DELETE' }))).status).toBe(204);
      const revoked = await fetchJson(`${server.url}/api/years`, { headers: unit.headers });
      expect(revoked.status).toBe(401);
      expect(revoked.body.error.code).toBe('TOKEN_INVALID');

      const session = await login(server, unit.user.username, `pw-${unit.user.username}-secret`);
      const changed = await fetchJson(`${server.url}/api/users/${unit.user.id}`, server.authed(json('PATCH', { password: 'a-brand-new-password' })));
      expect(changed.status).toBe(200);
      expect((await fetchJson(`${server.url}/api/years`, { headers: session.headers })).status).toBe(401);

      const fresh = await login(server, unit.user.username, 'a-brand-new-password');
      await fetchJson(`${server.url}/api/users/${unit.user.id}`, server.authed(json('PATCH', { disabled: true })));
      expect((await fetchJson(`${server.url}/api/years`, { headers: fresh.headers })).status).toBe(401);
      const refused = await fetchJson(`${server.url}/api/session`, json('POST', { username: unit.user.username, password: 'a-brand-new-password' }));
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('ACCOUNT_DISABLED');
    });

    it('checks each role’s scope against the registry and refuses duplicate names', async () => {
      const create = (body: unknown) => fetchJson(`${server.url}/api/users`, server.authed(json('POST', body)));
      const base = { displayName: '甲', password: 'long-enough-pw' };
      expect((await create({ ...base, username: 'u-nounit', role: 'unit' })).body.error.code).toBe('SCOPE_REQUIRED');
      const badRole = await create({ ...base, username: 'u-role', role: 'admin' });
      expect(badRole.body.error.fields).toEqual([{ field: 'role', message: expect.stringContaining('district_admin（区级管理员）') }]);
      expect((await create({ ...base, username: 'u-bad', role: 'unit', unitCode: '999' })).body.error.code).toBe('UNIT_UNKNOWN');
      expect((await create({ ...base, username: 'd-bad', role: 'district_admin', districtCode: '999' })).body.error.code).toBe('DISTRICT_UNKNOWN');
      const ok = await create({ ...base, username: 'dup-name', role: 'district_admin', districtCode: '120101' });
      expect(ok.status).toBe(201);
      expect((await create({ ...base, username: 'dup-name', role: 'leader' })).status).toBe(409);
      // An administrator cannot lock themselves out.
      const self = await fetchJson(`${server.url}/api/users/${server.admin.user.id}`, server.authed(json('PATCH', { disabled: true })));
      expect(self.status).toBe(409);
    });
  });

  describe('first administrator', () => {
    it('is created once from ADMIN_USER with a generated password printed once', async () => {
      const store = await db.openStore();
      const config = { ...db.config({ dataDir: '' }), adminUser: 'chief', adminPassword: undefined };
      const printed: string[] = [];
      await ensureFirstAdmin(store, config, (line) => printed.push(line));
      await ensureFirstAdmin(store, config, (line) => printed.push(line));
      expect(printed).toHaveLength(2);
      const password = /初始密码：(\S+)/.exec(printed[0])![1];
      expect(password).toHaveLength(18);
      expect(await store.accounts.countUsers()).toBe(1);
      const result = await loginWithStore(store, config, { username: 'chief', password, ip: '127.0.0.1' });
      expect(result.user.role).toBe('city_admin');
    });
  });
});
