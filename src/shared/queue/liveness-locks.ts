import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { isConnectionLost } from '../database/connection-lost';
import { DatabaseLocation } from '../database/database.module';

const RECONNECT_MS = 1000;
const RETRY_LOCK_MS = 500;

// The advisory lock of a key (text), as an SQL expression of that key. A worker that wants to know whether
// another one is alive tries it with pg_try_advisory_xact_lock inside its own transaction.
export const livenessLock = (keySql: string) => `hashtextextended(${keySql}, 0)`;

// PostgreSQL releases a session's advisory locks when the session ends, and a killed process's sessions end
// with it: a lock held on a connection of the process's own says "this process is alive and works on this"
// with no heartbeat to tune. One connection holds every lock of the process; when it is lost (a terminated
// backend, a failover) it is opened again within a second and the locks are taken again, so that a living
// process looks dead only for that second. The embedded database is one session no other process can open:
// there nothing is locked.
@Injectable()
export class LivenessLocks implements OnApplicationShutdown {
  private readonly logger = new Logger(LivenessLocks.name);
  // Keys this process holds or waits for, and those its current session holds.
  private readonly wanted = new Set<string>();
  private readonly taken = new Set<string>();
  private session: Promise<Client> | null = null;
  private client: Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private closed = false;
  // The statement last sent on the lock connection: every job shares it, and pg 9 refuses a query sent
  // while another is still running on the same client (pg 8 queues it, with a deprecation warning).
  private lastStatement: Promise<unknown> = Promise.resolve();
  // Locks and unlocks asked for while that connection is busy, sent together when it is free: one statement for
  // the keys of each kind (a worker's batch of jobs takes and releases its locks at the same moments).
  private readonly asked: Record<'lock' | 'unlock', AskedKey[]> = { lock: [], unlock: [] };

  constructor(private readonly location: DatabaseLocation) {}

  // Waits while another session holds the key (an earlier attempt of the same work, still alive).
  async hold(key: string): Promise<() => Promise<void>> {
    if (this.location.embedded) return async () => undefined;
    this.wanted.add(key);
    try {
      for (;;) {
        try {
          const client = await this.connected();
          if (this.taken.has(key) || (await this.together(client, 'lock', key))) break;
        } catch (error) {
          // The database is away: the work could not go on anyway. It waits for the database to come back.
          if (this.closed || !isConnectionLost(error)) throw error;
        }
        await delay(RETRY_LOCK_MS);
      }
      this.taken.add(key);
    } catch (error) {
      this.wanted.delete(key);
      throw error;
    }
    return () => this.release(key);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    const session = this.session;
    this.session = null;
    await session?.then((client) => client.end()).catch(() => undefined);
  }

  private async release(key: string): Promise<void> {
    this.wanted.delete(key);
    if (!this.taken.delete(key) || !this.session) return;
    // A session lost meanwhile released the lock with it.
    await this.session.then((client) => this.together(client, 'unlock', key)).catch(() => undefined);
  }

  // Whether the lock was taken (or released). Those already waiting for the connection carry this key along.
  private together(client: Client, kind: 'lock' | 'unlock', key: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const waiting = this.asked[kind];
      waiting.push({ key, resolve, reject });
      if (waiting.length > 1) return;
      void this.oneAtATime(async () => {
        const keys = waiting.splice(0);
        try {
          const done = await (kind === 'lock' ? tryLocks : unlocks)(client, keys.map((asked) => asked.key));
          keys.forEach((asked, i) => asked.resolve(done[i]));
        } catch (error) {
          for (const asked of keys) asked.reject(error);
        }
      });
    });
  }

  private oneAtATime<T>(statement: () => Promise<T>): Promise<T> {
    const result = this.lastStatement.then(statement, statement);
    this.lastStatement = result.catch(() => undefined);
    return result;
  }

  private connected(): Promise<Client> {
    if (this.closed) return Promise.reject(new Error('Liveness locks are closed: the process is stopping'));
    this.session ??= this.open().catch((error) => {
      this.session = null;
      throw error;
    });
    return this.session;
  }

  private async open(): Promise<Client> {
    // The pid in the name tells, in pg_stat_activity and pg_locks, which process holds which lock.
    const client = new Client({ connectionString: this.location.url, application_name: `assist-liveness-${process.pid}` });
    const lost = (error?: Error) => this.lost(client, error);
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    // A host that vanishes without closing its connections: the server's keepalive probes end the session
    // (and release the locks) within about two minutes instead of the operating system's two hours.
    await client.query(`SET tcp_keepalives_idle = 60; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 6`);
    this.taken.clear();
    for (const key of this.wanted) {
      if (!(await tryLock(client, key))) this.logger.warn(`Liveness lock ${key} was taken by another process while this one was disconnected`);
      // Released while this session was being opened.
      else if (!this.wanted.has(key)) await unlock(client, key);
      else this.taken.add(key);
    }
    this.client = client;
    return client;
  }

  private lost(client: Client, error?: Error): void {
    if (this.closed || this.client !== client) return;
    this.logger.warn(`Liveness connection lost${error ? `: ${error.message}` : ''}; reconnecting`);
    this.client = null;
    this.session = null;
    this.scheduleReconnect();
  }

  // Locks are taken again at once, not at the next hold(): other instances are watching them.
  private scheduleReconnect(): void {
    if (this.reconnect || this.closed || this.wanted.size === 0) return;
    this.reconnect = setTimeout(() => {
      this.reconnect = null;
      this.connected().catch((error) => {
        this.logger.warn(`Liveness connection not back yet: ${(error as Error).message}`);
        this.scheduleReconnect();
      });
    }, RECONNECT_MS);
  }
}

async function tryLock(client: Client, key: string): Promise<boolean> {
  const { rows } = await client.query(`SELECT pg_try_advisory_lock(${livenessLock('$1')}) AS locked`, [key]);
  return rows[0].locked === true;
}

interface AskedKey {
  key: string;
  resolve(done: boolean): void;
  reject(error: unknown): void;
}

async function tryLocks(client: Client, keys: string[]): Promise<boolean[]> {
  if (keys.length === 1) return [await tryLock(client, keys[0])];
  const { rows } = await client.query(`SELECT pg_try_advisory_lock(${livenessLock('key')}) AS locked FROM unnest($1::text[]) WITH ORDINALITY AS k(key, i) ORDER BY i`, [keys]);
  return rows.map((row: { locked: boolean }) => row.locked === true);
}

async function unlocks(client: Client, keys: string[]): Promise<boolean[]> {
  if (keys.length === 1) {
    await unlock(client, keys[0]);
    return [true];
  }
  await client.query(`SELECT pg_advisory_unlock(${livenessLock('key')}) FROM unnest($1::text[]) WITH ORDINALITY AS k(key, i) ORDER BY i`, [keys]);
  return keys.map(() => true);
}

async function unlock(client: Client, key: string): Promise<void> {
  await client.query(`SELECT pg_advisory_unlock(${livenessLock('$1')})`, [key]);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
