// After a large upload its bytes are garbage three times over: the request's socket chunks, the
// uploaded files, and the copies serialized to the parse children. V8 collects external (Buffer)
// memory only after it has grown by tens of megabytes, so a 30 MB upload left the server 80 MB
// above its live set until some later allocation triggered a full collection (measured: 279 MB
// peak vs 201 MB with prompt collection, 1,000-file uploads). When the process was started with
// --expose-gc (`npm start` is), one full collection right after a large upload hands that memory
// back; small uploads never pay for one.
const LARGE_UPLOAD_BYTES = 8 * 1024 * 1024;

type Collect = () => void;

/** `collect` defaults to the exposed gc(); null stands for a process started without --expose-gc. */
export function releaseAfterUpload(uploadedBytes: number, collect: Collect | null = exposedGc()): boolean {
  if (!collect || uploadedBytes < LARGE_UPLOAD_BYTES) return false;
  // After the answer is written, so the client never waits for the collection.
  setImmediate(collect);
  return true;
}

function exposedGc(): Collect | null {
  const gc = (globalThis as { gc?: unknown }).gc;
  return typeof gc === 'function' ? (gc as Collect) : null;
}
