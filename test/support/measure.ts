// A sink for measuring writers (scale check, bench) without the disk.
import { Writable } from 'node:stream';

/** Counts bytes and throws them away: measures the writer, not the disk. */
export function countingSink(): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      sink.bytes += chunk.length;
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}
