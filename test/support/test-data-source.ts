import { DataSource } from 'typeorm';
import { migrations } from '../../migrations';
import { AppConfig } from '../../src/config/app-config';
import { DatabaseLocation } from '../../src/shared/database/database.module';
import { createTestDatabase, TestDatabase } from './test-database';

export interface MigratedDatabase {
  dataSource: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

// A fresh database of the machine's PostgreSQL with every migration applied, for repository tests.
export async function createMigratedDatabase(): Promise<MigratedDatabase> {
  const database = await createTestDatabase();
  if (!database.name.includes('test')) throw new Error(`Refusing to use ${database.name}: not a test database`);
  const dataSource = new DataSource({ type: 'postgres', url: database.url, migrations, synchronize: false });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  return {
    dataSource,
    database,
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}

export async function insertOrganization(dataSource: DataSource, name = 'Acme'): Promise<string> {
  const [row]: { id: string }[] = await dataSource.query(
    `INSERT INTO organizations (name, zendesk_base_url, zendesk_email, zendesk_api_token_encrypted, webhook_signing_secret_encrypted)
     VALUES ($1, 'https://acme.zendesk.com', 'agent@acme.test', 'sealed', 'sealed') RETURNING id`,
    [name],
  );
  return row.id;
}

// Where the app would find this database, for services that open connections of their own (liveness locks).
export function locationOf(db: MigratedDatabase): Promise<DatabaseLocation> {
  return DatabaseLocation.resolve(AppConfig.load({ DATABASE_URL: db.database.url, SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123' }));
}
