// Every write and its audit entry are one write: when the database refuses the audit row (here a
// trigger, standing in for any failure at that point of the transaction), nothing of the write is
// stored either, the user is told in Chinese to try again, the server keeps answering, and the
// retry stores the write with exactly one entry. Uploads first, then each other kind of write.
import SqliteDatabase from 'better-sqlite3';
import { Client } from 'pg';
import { sqliteFile } from '../../aggregator/src/store';
import { forEachDatabase, type DatabaseKind } from '../support/databases';
import { fetchJson, login, startTestServer, type Caller, type TestServer } from '../support/server';
import { CORPUS_UNIT, validWorkbook } from './corpus';
import { uploadFiles } from './http';

/** A second connection to the server's database, beside the server's own, for triggers and snapshots. */
interface RawDatabase {
  exec(statement: string): Promise<void>;
  rows(query: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function rawDatabase(kind: DatabaseKind, server: TestServer): Promise<RawDatabase> {
  if (kind === 'sqlite') {
    const db = new SqliteDatabase(sqliteFile(server.target.dataDir));
    db.pragma('busy_timeout = 10000');
    return {
      exec: async (statement) => void db.exec(statement),
      rows: async (query) => db.prepare(query).all() as Record<string, unknown>[],
      close: async () => void db.close(),
    };
  }
  // The URL sets search_path to the suite's own schema, so the trigger lands on its audit_log only.
  const client = new Client({ connectionString: server.target.databaseUrl });
  await client.connect();
  return {
    exec: async (statement) => void (await client.query(statement)),
    rows: async (query) => (await client.query(query)).rows as Record<string, unknown>[],
    close: () => client.end(),
  };
}

/** Makes every insert into audit_log fail (updates and deletes stay refused by migration 0002) until dropped. */
async function refuseAuditInserts(kind: DatabaseKind, raw: RawDatabase): Promise<{ drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    await raw.exec("create trigger refuse_audit before insert on audit_log begin select raise(abort, 'audit refused (test)'); end");
    return { drop: () => raw.exec('drop trigger refuse_audit') };
  }
  await raw.exec(`create function refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'audit refused (test)'; end $$`);
  await raw.exec('create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()');
  return {
    async drop() {
      await raw.exec('drop trigger refuse_audit on audit_log');
      await raw.exec('drop function refuse_audit()');
    },
  };
}

/**
 * Every table a write can change, row by row (blobs by hash and size). Left out: the audit log
 * itself, and the "last seen / last used" clocks the auth middleware refreshes on its own.
 */
const SNAPSHOT: Record<string, { query: string; touched?: string }> = {
  units: { query: 'select * from units order by code' },
  reporting_years: { query: 'select * from reporting_years order by year' },
  submissions: { query: 'select * from submissions order by id' },
  blobs: { query: 'select sha256, size from blobs order by sha256' },
  reopenings: { query: 'select * from reopenings order by id' },
  unit_excuses: { query: 'select * from unit_excuses order by unit_code, year' },
  district_signoffs: { query: 'select * from district_signoffs order by district_code, year' },
  users: { query: 'select * from users order by id' },
  sessions: { query: 'select * from sessions order by id_hash', touched: 'last_seen_at' },
  api_tokens: { query: 'select * from api_tokens order by id', touched: 'last_used_at' },
  login_failures: { query: 'select * from login_failures order by key, at' },
  login_devices: { query: 'select * from login_devices order by id_hash', touched: 'last_used_at' },
};

async function snapshot(raw: RawDatabase): Promise<Record<string, unknown[]>> {
  const tables: Record<string, unknown[]> = {};
  for (const [table, { query, touched }] of Object.entries(SNAPSHOT)) {
    tables[table] = (await raw.rows(query)).map((row) => {
      if (touched) delete row[touched];
      return row;
    });
  }
  return tables;
}

const json = (method: string, body: unknown, headers: Record<string, string>): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** One kind of write: what it needs beforehand (made with audit rows allowed), the request, the entry it writes. */
interface WriteCase {
  name: string;
  action: string;
  prepare?(): Promise<void>;
  act(): Promise<{ status: number; body: { error?: { message: string } }; headers: Headers }>;
  /** The answer of the retry, once audit rows are allowed again. */
  succeeds: number;
  /** Entries the retry writes (default 1). */
  entries?: number;
}

forEachDatabase((db) => {
  let server: TestServer;
  let raw: RawDatabase;
  beforeAll(async () => {
    server = await startTestServer(db);
    raw = await rawDatabase(db.kind, server);
  });
  afterAll(async () => {
    await raw?.close();
    await server?.close();
  });

  const acceptedEntries = () => server.store.audit.query({ action: 'upload.accepted' });

  it('an audit row the database refuses: 5xx, nothing stored, the server answers; the retry stores the file with exactly one entry', async () => {
    const bytes = await validWorkbook(21);
    const before = await server.store.verify();
    const entriesBefore = await acceptedEntries();
    const refusal = await refuseAuditInserts(db.kind, raw);
    let answer;
    try {
      answer = await uploadFiles(server.url, server.admin.headers, [{ name: 'audited.xlsx', bytes }]);
      expect(answer.status).toBeGreaterThanOrEqual(500);
      // The user is told, in Chinese, to try again.
      expect(answer.body.error.message).toMatch(/[\u4e00-\u9fff].*重试/);
      const after = await server.store.verify();
      expect(after).toMatchObject({ ok: true, counts: before.counts });
      expect(await server.store.submissionHistory(CORPUS_UNIT, 2024)).toEqual([]);
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    } finally {
      await refusal.drop();
    }

    const retry = await uploadFiles(server.url, server.admin.headers, [{ name: 'audited.xlsx', bytes }]);
    expect(retry.status).toBe(200);
    const file = retry.body.files[0];
    expect(file).toMatchObject({ status: 'accepted', version: 1, submissionId: expect.any(String) });
    expect((await server.store.verify()).counts.submissions).toBe(before.counts.submissions + 1);
    const added = (await acceptedEntries()).slice(entriesBefore.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actor: 'admin', actorRole: 'city_admin', unitCode: CORPUS_UNIT, year: 2024 });
    expect(added[0].detail).toEqual({ file: 'audited.xlsx', submissionId: file.submissionId, version: 1, ip: expect.any(String) });
  }, 60_000);

  describe('every other kind of write stores nothing without its audit entry', () => {
    const admin = () => server.admin.headers;
    /** The submission a review case acts on: a new pending version of the corpus unit. */
    let pendingId = '';
    const uploadPending = async (variant: number) => {
      const answer = await uploadFiles(server.url, admin(), [{ name: `v${variant}.xlsx`, bytes: await validWorkbook(variant) }]);
      expect(answer.body.files[0].status).toBe('accepted');
      pendingId = answer.body.files[0].submissionId;
    };
    /** An account of a unit, signed in by password (cookie and CSRF token), for the account and session writes. */
    let member: Caller;
    const password = 'member-password-1';
    const signInMember = async () => {
      member = await login(server, member.user.username, password);
    };
    let tokenId = '';
    /** Excuses every unit of a district (120104: 120104000…003), so that it may be signed off. */
    const excuseDistrict = async (district: string) => {
      for (const n of [0, 1, 2, 3]) {
        const answer = await fetchJson(`${server.url}/api/units/${district}00${n}/excuse`, json('POST', { year: 2024, reason: '测试免报' }, admin()));
        expect(answer.status).toBe(201);
      }
    };
    const signoff = (district: string) => fetchJson(`${server.url}/api/districts/${district}/signoff`, json('POST', { year: 2024 }, admin()));

    const cases: WriteCase[] = [
      {
        name: 'review: return',
        action: 'review.return',
        prepare: () => uploadPending(31),
        act: () => fetchJson(`${server.url}/api/submissions/${pendingId}/review`, json('POST', { action: 'return', reason: '请核对数字' }, admin())),
        succeeds: 200,
      },
      {
        name: 'review: accept',
        action: 'review.accept',
        prepare: () => uploadPending(32),
        act: () => fetchJson(`${server.url}/api/submissions/${pendingId}/review`, json('POST', { action: 'accept' }, admin())),
        succeeds: 200,
      },
      {
        name: 'review: batch accept',
        action: 'review.accept',
        // The accept above locked the unit: reopen it so that one more version may come in.
        prepare: async () => {
          expect((await fetchJson(`${server.url}/api/units/${CORPUS_UNIT}/reopen`, json('POST', { year: 2024, reason: '批量通过前的更正' }, admin()))).status).toBe(201);
          await uploadPending(33);
        },
        act: () => fetchJson(`${server.url}/api/submissions/review-batch`, json('POST', { ids: [pendingId], action: 'accept' }, admin())),
        succeeds: 200,
      },
      {
        name: 'reopen a unit',
        action: 'unit.reopen',
        act: () => fetchJson(`${server.url}/api/units/${CORPUS_UNIT}/reopen`, json('POST', { year: 2024, reason: '单位申请更正' }, admin())),
        succeeds: 201,
      },
      {
        name: 'excuse a unit',
        action: 'unit.excuse',
        act: () => fetchJson(`${server.url}/api/units/${CORPUS_UNIT}/excuse`, json('POST', { year: 2024, reason: '本年度撤并' }, admin())),
        succeeds: 201,
      },
      {
        name: 'district sign-off',
        action: 'district.signoff',
        prepare: () => excuseDistrict('120104'),
        act: () => signoff('120104'),
        succeeds: 200,
      },
      {
        name: 'district confirm',
        action: 'district.confirm',
        act: () => fetchJson(`${server.url}/api/districts/120104/confirm`, json('POST', { year: 2024 }, admin())),
        succeeds: 200,
      },
      {
        name: 'district return',
        action: 'district.return',
        prepare: async () => {
          await excuseDistrict('120105');
          expect((await signoff('120105')).status).toBe(200);
        },
        act: () => fetchJson(`${server.url}/api/districts/120105/return`, json('POST', { year: 2024, reason: '请核实' }, admin())),
        succeeds: 200,
      },
      {
        name: 'year status and deadline',
        action: 'year.status',
        act: () => fetchJson(`${server.url}/api/years/2023/status`, json('POST', { status: 'locked', deadline: '2099-03-01' }, admin())),
        succeeds: 200,
      },
      {
        name: 'open a year',
        action: 'year.open',
        act: () => fetchJson(`${server.url}/api/years`, json('POST', { year: 2025, catalogueVersion: '2024.1', deadline: '2026-03-01' }, admin())),
        succeeds: 201,
      },
      {
        name: 'registry import',
        action: 'registry.import',
        act: () => {
          const form = new FormData();
          const csv = '单位代码,单位名称,单位类型,所属区代码,所属区名称\r\n990001,测试市级部门,市级部门,,\r\n';
          form.append('file', new Blob([csv]), '名录.csv');
          return fetchJson(`${server.url}/api/registry`, { method: 'POST', body: form, headers: admin() });
        },
        succeeds: 200,
      },
      {
        name: 'account: create',
        action: 'user.create',
        act: () =>
          fetchJson(`${server.url}/api/users`, json('POST', { username: 'atomic-new', displayName: '新账号', password: 'new-password-1', role: 'leader' }, admin())),
        succeeds: 201,
      },
      {
        name: 'account: reset password (ends its sessions)',
        action: 'user.update',
        prepare: async () => {
          const created = await fetchJson(
            `${server.url}/api/users`,
            json('POST', { username: 'atomic-member', displayName: '成员', password, role: 'unit', unitCode: CORPUS_UNIT }, admin()),
          );
          member = { user: created.body.user, via: 'cookie', headers: {} };
          await signInMember();
        },
        act: () => fetchJson(`${server.url}/api/users/${member.user.id}`, json('PATCH', { password: 'changed-password-1' }, admin())),
        succeeds: 200,
      },
      {
        name: 'account: change role',
        action: 'user.update',
        prepare: async () => {
          // The retry above changed the password: set it back, sign in again.
          await fetchJson(`${server.url}/api/users/${member.user.id}`, json('PATCH', { password }, admin()));
          await signInMember();
        },
        act: () => fetchJson(`${server.url}/api/users/${member.user.id}`, json('PATCH', { role: 'leader' }, admin())),
        succeeds: 200,
      },
      {
        name: 'account: disable',
        action: 'user.update',
        prepare: signInMember,
        act: () => fetchJson(`${server.url}/api/users/${member.user.id}`, json('PATCH', { disabled: true }, admin())),
        succeeds: 200,
      },
      {
        name: 'token: create',
        action: 'token.create',
        prepare: async () => void (await fetchJson(`${server.url}/api/users/${member.user.id}`, json('PATCH', { disabled: false }, admin()))),
        act: () => fetchJson(`${server.url}/api/users/${member.user.id}/tokens`, json('POST', { name: '脚本' }, admin())),
        succeeds: 201,
      },
      {
        name: 'token: revoke',
        action: 'token.revoke',
        prepare: async () => {
          tokenId = (await fetchJson(`${server.url}/api/users/${member.user.id}/tokens`, json('POST', { name: '待吊销' }, admin()))).body.id;
        },
        act: () => fetch(`${server.url}/api/tokens/${tokenId}`, { method: 'DELETE', headers: admin() }).then(async (r) => ({ status: r.status, headers: r.headers, body: r.status === 204 ? {} : await r.json() })),
        succeeds: 204,
      },
      {
        name: 'session: login',
        action: 'login.success',
        act: () => fetchJson(`${server.url}/api/session`, json('POST', { username: member.user.username, password }, {})),
        succeeds: 200,
      },
      {
        name: 'session: failed login (the failure that counts towards throttling)',
        action: 'login.failure',
        act: () => fetchJson(`${server.url}/api/session`, json('POST', { username: member.user.username, password: 'wrong-password' }, {})),
        succeeds: 401,
      },
      {
        name: 'session: logout',
        action: 'logout',
        prepare: signInMember,
        act: () => fetch(`${server.url}/api/session`, { method: 'DELETE', headers: member.headers }).then(async (r) => ({ status: r.status, headers: r.headers, body: r.status === 204 ? {} : await r.json() })),
        succeeds: 204,
      },
      {
        name: 'session: change one’s own password',
        action: 'user.password',
        prepare: signInMember,
        act: () => fetchJson(`${server.url}/api/session/password`, json('POST', { current: password, next: 'member-password-2' }, member.headers)),
        succeeds: 200,
      },
      {
        name: 'account: one-time password reset',
        action: 'user.reset-password',
        act: () => fetchJson(`${server.url}/api/users/${member.user.id}/password-reset`, json('POST', {}, admin())),
        succeeds: 200,
      },
      {
        name: 'accounts: the unit accounts of a district in one step (120105: four units, four entries)',
        action: 'user.create',
        act: () =>
          fetch(`${server.url}/api/users/bulk`, json('POST', { districtCode: '120105' }, admin())).then(async (r) => ({
            status: r.status,
            headers: r.headers,
            body: r.status === 201 ? {} : await r.json(),
          })),
        succeeds: 201,
        entries: 4,
      },
    ];

    it.each(cases)('$name', async (write) => {
      await write.prepare?.();
      const entriesBefore = await server.store.audit.query({ action: write.action });
      const before = await snapshot(raw);
      const refusal = await refuseAuditInserts(db.kind, raw);
      try {
        const answer = await write.act();
        expect(answer.status).toBeGreaterThanOrEqual(500);
        expect(answer.body.error?.message).toMatch(/[\u4e00-\u9fff].*重试/);
        // A refused login sets no cookie: there is no session behind it.
        expect(answer.headers.getSetCookie()).toEqual([]);
        expect(await snapshot(raw)).toEqual(before);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      } finally {
        await refusal.drop();
      }

      const retry = await write.act();
      expect(retry.status).toBe(write.succeeds);
      expect(await snapshot(raw)).not.toEqual(before);
      expect(await server.store.audit.query({ action: write.action })).toHaveLength(entriesBefore.length + (write.entries ?? 1));
    }, 30_000);
  });
});
