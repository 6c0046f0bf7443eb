// CPU time of the drain's processes: the workers and PostgreSQL's backends, read from /proc (Linux), so that a
// figure per ticket says what a process spends whatever else the machine runs. Null where /proc cannot tell
// (another OS, a database on another host).
import { readFileSync } from 'node:fs';
import { Client } from 'pg';

// USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every Linux this runs on.
const TICKS_PER_SECOND = 100;

// User + system CPU time of a process so far, in ms; null if /proc does not have it (gone, or not Linux).
export function processCpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

// The CPU spent by the backends of `db`'s database (other than `db`'s own) between the first sample and the last:
// sampled often, as the pools open and close connections meanwhile.
export class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private unreadable = false;

  constructor(private readonly db: Client) {}

  async sample(): Promise<void> {
    const { rows } = await this.db.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()');
    for (const { pid } of rows as { pid: number }[]) {
      const ms = processCpuMs(pid);
      if (ms === null) {
        if (!this.last.has(pid)) this.unreadable = true;
        continue;
      }
      if (!this.first.has(pid)) this.first.set(pid, ms);
      this.last.set(pid, ms);
    }
  }

  totalMs(): number | null {
    if (this.unreadable || this.first.size === 0) return null;
    let total = 0;
    for (const [pid, ms] of this.last) total += ms - this.first.get(pid)!;
    return total;
  }
}
