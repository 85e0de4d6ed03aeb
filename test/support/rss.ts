// Resident set of a process (a server, its parse children, a scale check's own peak), for the
// benchmark, the load test and the scale check.
import { readFileSync } from 'node:fs';

/** A kB field of /proc/<pid>/status in bytes; 0 when the process is gone or /proc is not there. */
function statusBytes(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Bytes resident, from /proc (Linux); 0 when the process is gone or /proc is not there. */
export const rssOf = (pid: number): number => statusBytes(pid, 'VmRSS');

/**
 * Peak resident bytes of this process. Not resourceUsage().maxRSS: on Linux a child inherits its
 * parent's high-water mark across exec, so a child of a large jest worker or bench would report the
 * parent's peak. VmHWM is the kernel's mark of this process image alone (reset at exec); where there
 * is no /proc, maxRSS is the best there is.
 */
export const peakRssBytes = (): number => statusBytes(process.pid, 'VmHWM') || process.resourceUsage().maxRSS * 1024;

/** Direct children of a process (e.g. the parse pool's), from /proc; [] when unknown. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
