import { join } from 'node:path';
import { Global, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config';
import { migrations } from '../../../migrations';
import { EmbeddedPostgres } from './embedded-postgres';

// Where the database is: DATABASE_URL (production, several instances) or an embedded PGlite.
@Injectable()
export class DatabaseLocation implements OnApplicationShutdown {
  private constructor(
    readonly url: string,
    readonly embedded: EmbeddedPostgres | null,
  ) {}

  static async resolve(config: AppConfig): Promise<DatabaseLocation> {
    if (config.databaseUrl) return new DatabaseLocation(config.databaseUrl, null);
    const dataDir = join(config.dataDir, 'pg');
    new Logger('Database').warn(`DATABASE_URL is not set: using embedded PostgreSQL (PGlite) in ${dataDir}`);
    const embedded = await EmbeddedPostgres.start(dataDir);
    return new DatabaseLocation(embedded.url, embedded);
  }

  // PGlite is a single session: one pooled connection serialises transactions instead of interleaving them.
  get poolSize(): number {
    return this.embedded ? 1 : 10;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}

@Global()
@Module({
  providers: [{ provide: DatabaseLocation, useFactory: DatabaseLocation.resolve, inject: [AppConfig] }],
  exports: [DatabaseLocation],
})
class DatabaseLocationModule {}

@Module({
  imports: [
    DatabaseLocationModule,
    TypeOrmModule.forRootAsync({
      inject: [DatabaseLocation],
      useFactory: (location: DatabaseLocation) => ({
        type: 'postgres',
        url: location.url,
        autoLoadEntities: true,
        synchronize: false,
        migrations,
        migrationsRun: true,
        migrationsTransactionMode: 'each',
        // No JIT: the reports' jsonb_array_elements look like 100 rows a call to the planner, and compiling for
        // those estimates took 300 ms of a 420 ms acceptance report. Every query here is short. (PGlite has none.)
        extra: { max: location.poolSize, ...(location.embedded ? {} : { options: '-c jit=off' }) },
        // An idle pooled connection whose backend went away (restart, failover, pg_terminate_backend) is dropped
        // by the pool, which says so here; the next query opens a new one. Said in our logs, not TypeORM's.
        poolErrorHandler: (error: Error) => new Logger('Database').warn(`Pooled connection lost: ${error.message}`),
      }),
    }),
  ],
})
export class DatabaseModule {}

