import { actorLabel, chinaTime, describeDetail, roleLabel, viewOf } from './audit-view';

describe('the audit log for people', () => {
  it('shows Beijing time: 2025-02-28T17:30:00Z is 2025-03-01 01:30:00 there', () => {
    expect(chinaTime('2025-02-28T17:30:00.000Z')).toBe('2025-03-01 01:30:00');
  });

  it('names the reason, the address and the role in Chinese, not as codes', () => {
    expect(describeDetail('login.failure', { ip: '::ffff:127.0.0.1', reason: 'password' })).toBe('地址：127.0.0.1；原因：密码错误');
    expect(describeDetail('user.create', { userId: '7c2a…', username: 'admin', role: 'city_admin', firstStart: true })).toBe('用户名：admin；角色：市级管理员；首次启动：是');
    expect(describeDetail('user.update', { userId: 'x', username: 'u1', changed: ['password', 'disabled'], role: 'unit', disabled: false })).toBe(
      '用户名：u1；修改了：密码、停用；角色：填报单位；已停用：否',
    );
    expect(describeDetail('user.create', { username: '120101001', bulk: '120101', oneTimePassword: true })).toBe('用户名：120101001；批量建立：区 120101；一次性密码：是');
  });

  it('says who the tools are: the first start and the command line', () => {
    expect(actorLabel('system', 'system')).toBe('系统（首次启动）');
    expect(actorLabel('cli:fazhi', 'system')).toBe('命令行（服务器用户 fazhi）');
    expect(roleLabel('system')).toBe('系统');
    expect(roleLabel('')).toBe('—');
  });

  it('keeps the stored entry and adds how it reads', () => {
    const view = viewOf({ id: 1, at: '2025-03-01T00:00:00.000Z', actor: 'admin', actorRole: 'city_admin', action: 'review.return', unitCode: '120101001', year: 2024, detail: { reason: '请核对数字', submissionId: 'abc' } });
    expect(view).toMatchObject({ id: 1, action: 'review.return', actionLabel: '审核退回', actorRoleLabel: '市级管理员', atLocal: '2025-03-01 08:00:00', description: '原因：请核对数字' });
  });
});
