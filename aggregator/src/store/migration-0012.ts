// 0012: accounts at scale. A browser that signed in to an account before is remembered (a device
// cookie, only its hash stored), so its logins are throttled on their own and not with the shared
// address of a whole district behind one NAT, nor with an attacker guessing the same user name. An
// account may have to change its password at the next login (a one-time password from a bulk
// creation or an administrator's reset).
import { sql, type Kysely } from 'kysely';

export async function accountsAtScale(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('login_devices')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('login_devices_by_user').on('login_devices').column('user_id').execute();
  await db.schema
    .alterTable('users')
    .addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0).check(sql`must_change_password in (0, 1)`))
    .execute();
}
