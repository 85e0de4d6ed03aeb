// The one wrapper of every write endpoint. A write is three steps:
//  1. input: parse the request (zod, uploaded files) and do slow work that needs no database (hash a
//     password, read a spreadsheet) — outside the transaction, so it never holds the write lock;
//  2. run: the service call on a transaction handle; the service writes its audit entry through the
//     same handle, so the change and its entry commit together, or neither does;
//  3. reply: the answer, sent only after the commit. It may still refuse (a login that failed is
//     recorded, then refused), so nothing is reported done that is not stored.
// A failure in step 2 rolls everything back and reaches the error mapper (a 5xx says to retry).
import type express from 'express';
import type { Store } from '../store';

export interface WriteSteps<I, R> {
  input(req: express.Request, res: express.Response): I | Promise<I>;
  run(tx: Store, input: I): Promise<R>;
  /** Default: 200 with the result as JSON. */
  reply?(res: express.Response, result: R, req: express.Request): void;
}

const replyJson = (res: express.Response, result: unknown) => {
  res.json(result);
};

export function writeEndpoint<I, R>(store: Store, steps: WriteSteps<I, R>): express.RequestHandler {
  const reply = steps.reply ?? replyJson;
  return async (req, res) => {
    const input = await steps.input(req, res);
    const result = await store.transaction((tx) => steps.run(tx, input));
    reply(res, result, req);
  };
}
