// Upload requests are held in memory while they are checked (about 1–2 × their size in the server).
// One request is capped by UPLOAD_TOTAL_MAX_BYTES; this budget caps all requests in flight together,
// so several coordinators sending their largest zips at once wait their turn instead of running the
// server out of memory. Requests wait first come, first served; past the wait they get a 503.
import { appError } from '../../../templates/src/core/error-catalogue';

export interface UploadBudget {
  /** Resolves with a release function once `bytes` fit; rejects with UPLOAD_BUSY (503) after `waitMs`. */
  acquire(bytes: number, waitMs: number): Promise<() => void>;
  stats(): { maxBytes: number; inFlightBytes: number; waiting: number };
}

interface Waiter {
  bytes: number;
  grant: () => void;
}

export function createUploadBudget(maxBytes: number): UploadBudget {
  let inFlight = 0;
  const queue: Waiter[] = [];

  // A request larger than the whole budget may still run, alone.
  const fits = (bytes: number) => inFlight === 0 || inFlight + bytes <= maxBytes;

  function take(bytes: number): () => void {
    inFlight += bytes;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      inFlight -= bytes;
      // Strictly in order: a large request at the head is not overtaken for ever by small ones.
      while (queue.length > 0 && fits(queue[0].bytes)) queue.shift()!.grant();
    };
  }

  return {
    acquire(bytes, waitMs) {
      if (queue.length === 0 && fits(bytes)) return Promise.resolve(take(bytes));
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          bytes,
          grant: () => {
            clearTimeout(timer);
            resolve(take(bytes));
          },
        };
        const timer = setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(busy(inFlight));
        }, waitMs);
        queue.push(waiter);
      });
    },
    stats: () => ({ maxBytes, inFlightBytes: inFlight, waiting: queue.length }),
  };
}

const busy = (inFlightBytes: number) =>
  appError('UPLOAD_BUSY', { inFlightBytes });
