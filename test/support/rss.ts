// Resident set of another process (a server, its parse children), for the benchmark and the load test.
import { readFileSync } from 'node:fs';

/** Bytes resident, from /proc (Linux); 0 when the process is gone or /proc is not there. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Direct children of a process (e.g. the parse pool's), from /proc; [] when unknown. */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}
