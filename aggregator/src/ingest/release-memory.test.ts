import { releaseAfterUpload } from './release-memory';

const MB = 1024 * 1024;

describe('releaseAfterUpload', () => {
  it('collects once, after the current turn, when a large upload is done', async () => {
    const collect = jest.fn();
    expect(releaseAfterUpload(30 * MB, collect)).toBe(true);
    expect(collect).not.toHaveBeenCalled();
    await new Promise((r) => setImmediate(r));
    expect(collect).toHaveBeenCalledTimes(1);
  });

  it('leaves small uploads and processes without --expose-gc alone', async () => {
    const collect = jest.fn();
    expect(releaseAfterUpload(2 * MB, collect)).toBe(false);
    expect(releaseAfterUpload(30 * MB, null)).toBe(false);
    await new Promise((r) => setImmediate(r));
    expect(collect).not.toHaveBeenCalled();
  });
});
