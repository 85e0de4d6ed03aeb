// Measuring helpers for scale checks and benches that run in their own process.
import { readFileSync } from 'node:fs';
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

/**
 * Peak RSS of this process in bytes. Not resourceUsage().maxRSS: on Linux a child inherits its
 * parent's high-water mark across exec, so a child of a large jest worker or bench would report the
 * parent's peak. VmHWM is the kernel's mark of this process image alone (reset at exec); where there
 * is no /proc, maxRSS is the best there is.
 */
export function peakRssBytes(): number {
  try {
    const kB = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'latin1'));
    if (kB) return Number(kB[1]) * 1024;
  } catch {
    // No procfs (macOS, Windows).
  }
  return process.resourceUsage().maxRSS * 1024;
}
