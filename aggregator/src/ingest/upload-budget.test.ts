import { isAppError } from '../../../templates/src/core/errors';
import { createUploadBudget } from './upload-budget';

describe('upload budget', () => {
  it('lets requests in while they fit and makes the next one wait until one is released', async () => {
    const budget = createUploadBudget(100);
    const first = await budget.acquire(60, 1000);
    const second = await budget.acquire(40, 1000);
    expect(budget.stats()).toMatchObject({ inFlightBytes: 100, waiting: 0 });
    let third = false;
    const waiting = budget.acquire(30, 1000).then((release) => {
      third = true;
      return release;
    });
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    expect(budget.stats().waiting).toBe(1);
    first();
    first(); // releasing twice frees once
    const release = await waiting;
    expect(budget.stats()).toMatchObject({ inFlightBytes: 70, waiting: 0 });
    second();
    release();
    expect(budget.stats().inFlightBytes).toBe(0);
  });

  it('refuses with UPLOAD_BUSY (503, Chinese) after the wait and forgets the waiter', async () => {
    const budget = createUploadBudget(100);
    const held = await budget.acquire(90, 1000);
    const error = await budget.acquire(20, 30).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('UPLOAD_BUSY');
    expect(isAppError(error) && error.status).toBe(503);
    expect(isAppError(error) && error.message).toMatch(/未保存.*再上传/);
    expect(budget.stats().waiting).toBe(0);
    held();
    expect(budget.stats().inFlightBytes).toBe(0);
  });

  it('serves waiters in order: a large one at the head is not overtaken by a small one', async () => {
    const budget = createUploadBudget(100);
    const held = await budget.acquire(50, 1000);
    const order: string[] = [];
    const large = budget.acquire(80, 1000).then((r) => (order.push('large'), r));
    const small = budget.acquire(10, 1000).then((r) => (order.push('small'), r));
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    held();
    (await large)();
    (await small)();
    expect(order).toEqual(['large', 'small']);
  });

  it('runs a request larger than the whole budget alone', async () => {
    const budget = createUploadBudget(100);
    const huge = await budget.acquire(500, 10);
    await expect(budget.acquire(1, 10)).rejects.toMatchObject({ code: 'UPLOAD_BUSY' });
    huge();
    (await budget.acquire(1, 10))();
  });
});
