// Database faults become HTTP answers by their code: a full or failing disk is 503 STORE_FULL (only an
// administrator can fix it), a busy database 503 STORE_BUSY, anything else a logged 500.
import { MulterError } from 'multer';
import pino from 'pino';
import { errorMapper } from './errors';
import { MAX_FILES_PER_UPLOAD } from './params';

function answerFor(code: string, err: Error = Object.assign(new Error(`simulated ${code}`), { code })): { status: number; code: string; message: string } {
  let status = 0;
  let body: { error: { code: string; message: string } } | undefined;
  const res = {
    headersSent: false,
    status(s: number) {
      status = s;
      return this;
    },
    json(b: typeof body) {
      body = b;
    },
  };
  errorMapper(pino({ level: 'silent' }), 1024)(err, { method: 'POST', originalUrl: '/api/submissions' } as never, res as never, () => undefined);
  return { status, code: body!.error.code, message: body!.error.message };
}

describe('database faults', () => {
  it.each(['SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_READONLY', 'ENOSPC', 'EDQUOT', '53100', '58030'])(
    '%s: 503 STORE_FULL, nothing stored, ask an administrator',
    (code) => {
      const answer = answerFor(code);
      expect([answer.status, answer.code]).toEqual([503, 'STORE_FULL']);
      expect(answer.message).toMatch(/磁盘空间不足.*本次内容未保存.*管理员.*重试/);
    },
  );

  it.each(['SQLITE_BUSY', 'SQLITE_BUSY_TIMEOUT', '55P03', '40P01', '53200', '53300'])('%s: 503 STORE_BUSY, try again shortly', (code) => {
    expect(answerFor(code)).toMatchObject({ status: 503, code: 'STORE_BUSY', message: expect.stringMatching(/稍等片刻后重试/) });
  });

  it.each(['SQLITE_CORRUPT', 'SQLITE_ERROR', '42P01'])('%s: a bug or damage, not a passing fault: 500', (code) => {
    expect(answerFor(code)).toMatchObject({ status: 500, code: 'INTERNAL' });
  });
});

describe('upload faults', () => {
  it('names the file-count limit the upload route applies', () => {
    const answer = answerFor('', new MulterError('LIMIT_FILE_COUNT'));
    expect(answer).toMatchObject({ status: 400, code: 'TOO_MANY_FILES' });
    expect(answer.message).toContain(`最多 ${MAX_FILES_PER_UPLOAD} 个`);
  });
});
