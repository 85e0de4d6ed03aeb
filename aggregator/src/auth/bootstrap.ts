// First start: with no account at all, create the administrator from ADMIN_USER / ADMIN_PASSWORD,
// or with a generated password printed once (never logged, never stored in clear).
import { isAppError } from '../../../templates/src/core/errors';
import type { Config } from '../config';
import type { Store } from '../store';
import { audit } from './audit';
import { hashPassword, newPassword } from './secrets';

export async function ensureFirstAdmin(store: Store, config: Config, print: (line: string) => void = console.log): Promise<void> {
  if ((await store.accounts.countUsers()) > 0) return;
  const password = config.adminPassword ?? newPassword();
  try {
    const passwordHash = await hashPassword(password);
    // The account and its audit entry, or neither.
    await store.transaction(async (tx) => {
      const user = await tx.accounts.createUser({ username: config.adminUser, displayName: '系统管理员', role: 'city_admin', unitCode: null, districtCode: null, passwordHash });
      await audit(tx, { username: 'system', role: 'system' }, 'user.create', { detail: { userId: user.id, username: user.username, role: user.role, firstStart: true } });
    });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (isAppError(error) && error.code === 'USERNAME_TAKEN') return;
    throw error;
  }
  if (!config.adminPassword) {
    print(`已创建首个管理员账号“${config.adminUser}”，初始密码：${password}`);
    print('该密码只显示这一次，请立即登录并修改密码（或设置环境变量 ADMIN_PASSWORD 后重新初始化）。');
  }
}
