import { checkWorkbookJob } from '../../templates/src/xlsx/check-job';
import { ConfigError, loadConfig, parsePoolOptions, uploadLimits } from './config';

const MB = 1024 * 1024;

describe('one configuration for every upload limit', () => {
  it('UPLOAD_MAX_BYTES sets multer, the upload expander and the zip gate alike; UPLOAD_TOTAL_MAX_BYTES the whole upload', () => {
    const limits = uploadLimits(loadConfig({ UPLOAD_MAX_BYTES: String(25 * MB), UPLOAD_TOTAL_MAX_BYTES: String(300 * MB) }));
    expect(limits).toEqual({
      fileBytes: 25 * MB,
      expand: { maxEntryBytes: 25 * MB, maxTotalBytes: 300 * MB },
      gate: { maxFileBytes: 25 * MB },
    });
  });

  it('the defaults are the limits the gate and the expander had built in (20 MB a file, 256 MB an upload)', () => {
    expect(uploadLimits(loadConfig({}))).toEqual({ fileBytes: 20 * MB, expand: { maxEntryBytes: 20 * MB, maxTotalBytes: 256 * MB }, gate: { maxFileBytes: 20 * MB } });
  });

  it('the parse pool runs the workbook check under the configured gate, with the configured children', () => {
    const options = parsePoolOptions(loadConfig({ UPLOAD_MAX_BYTES: String(25 * MB), PARSE_WORKERS: '3', PARSE_QUEUE: '9', PARSE_TIMEOUT_MS: '5000', PARSE_MEMORY_MB: '128' }));
    expect(options).toMatchObject({ job: checkWorkbookJob, jobOptions: { gate: { maxFileBytes: 25 * MB } }, workers: 3, maxQueue: 9, timeoutMs: 5000, memoryMb: 128 });
  });

  it('names every bad variable in Chinese', () => {
    let error: unknown;
    try {
      loadConfig({ UPLOAD_MAX_BYTES: '20MB', PARSE_WORKERS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      '环境变量设置有误，请改正后重新启动：\n- UPLOAD_MAX_BYTES="20MB"：应为1024～1073741824之间的字节数\n- PARSE_WORKERS="0"：应为1～64之间的整数',
    );
  });
});

describe('TRUST_PROXY', () => {
  it('is off unless set: X-Forwarded-For is then ignored', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
  });

  it('takes 1 (one proxy such as a local Nginx), a hop count, or the proxies’ addresses', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', '::1']);
  });

  it('refuses anything else in Chinese', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY="yes"：应为 0（不经代理）、1（经过一层反向代理/);
  });
});

describe('login throttle defaults', () => {
  it('5 failures per user name, 200 per address (a district behind one NAT address), in 15 minutes', () => {
    expect(loadConfig({})).toMatchObject({ loginMaxFailures: 5, loginMaxFailuresPerIp: 200, loginWindowMinutes: 15 });
  });
});
