import { Global, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client, Notification } from 'pg';
import { DatabaseLocation } from './database.module';

const CHANNEL = 'cached_rows';
const RECONNECT_MS = 1000;
// An instance serves a few hundred organizations at most: past this, a cache starts again empty.
const MAX_ENTRIES = 10_000;

// Rows read on every ticket (an organization, its topics), kept in this process for as long as the database has not
// said they changed. Triggers notify `cached_rows` when a transaction that changed them commits (see the migration
// CachedRowNotifications); one connection of this process's own listens, and a cache stores only what it read
// while that connection listened throughout, so a change is seen by every instance within a notification's trip.
// Without a listening connection (lost, reconnecting, or the embedded database) nothing is kept: every read goes to
// the database, as before.
@Injectable()
export class CachedRows implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(CachedRows.name);
  private readonly caches = new Map<string, RowCache<unknown>>();
  private client: Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private closed = false;
  private listening = false;

  constructor(private readonly location: DatabaseLocation) {}

  // The cache of a table's rows: `organizations:<id>` and `topics:<organization id>` are forgotten when notified.
  cache<T>(table: string): RowCache<T> {
    let cache = this.caches.get(table);
    if (!cache) this.caches.set(table, (cache = new RowCache<unknown>(this.listening)));
    return cache as RowCache<T>;
  }

  async onModuleInit(): Promise<void> {
    if (!this.location.embedded) await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    this.forgetAll(false);
    await this.client?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.location.url });
    client.on('notification', (notification) => this.changed(notification));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      // Whatever was read before this point may have changed unnoticed.
      if (this.client === client && !this.closed) this.forgetAll(true);
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  private lost(client: Client, error: Error): void {
    if (this.client !== client) return;
    this.client = null;
    this.forgetAll(false);
    client.end().catch(() => undefined);
    if (this.closed) return;
    this.logger.warn(`Lost the connection told of changed rows (${error.message}); reading them from the database until it is back`);
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
  }

  private changed({ payload = '' }: Notification): void {
    const split = payload.indexOf(':');
    const cache = this.caches.get(payload.slice(0, split));
    const key = payload.slice(split + 1);
    if (key === '*') cache?.forgetAll(true);
    else cache?.forget(key);
  }

  private forgetAll(listening: boolean): void {
    this.listening = listening;
    for (const cache of this.caches.values()) cache.forgetAll(listening);
  }
}

export class RowCache<T> {
  private readonly entries = new Map<string, T>();
  // Moves on with every change heard and every loss of the connection: a read that began before one is not kept.
  private generation = 0;

  constructor(private listening: boolean) {}

  // The cached value, or what `load` reads (kept unless something changed meanwhile). Null is never kept.
  async read(key: string, load: () => Promise<T | null>): Promise<T | null> {
    const cached = this.entries.get(key);
    if (cached !== undefined) return cached;
    const generation = this.generation;
    const loaded = await load();
    if (loaded !== null && this.listening && generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      this.entries.set(key, loaded);
    }
    return loaded;
  }

  // A write of this process's own: the key is forgotten once it has ended (committed or not), before the
  // database's notification of it comes back.
  async forgetAfter<R>(key: string, write: () => Promise<R>): Promise<R> {
    try {
      return await write();
    } finally {
      this.forget(key);
    }
  }

  forget(key: string): void {
    this.generation++;
    this.entries.delete(key);
  }

  forgetAll(listening: boolean): void {
    this.generation++;
    this.entries.clear();
    this.listening = listening;
  }
}

@Global()
@Module({ providers: [CachedRows], exports: [CachedRows] })
export class CachedRowsModule {}
