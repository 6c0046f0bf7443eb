import { DataSource } from 'typeorm';
import { OrganizationEntity } from '../../src/modules/organizations/infrastructure/organization.entity';
import { TypeormOrganizationRepository } from '../../src/modules/organizations/infrastructure/typeorm-organization.repository';
import { TopicEntity } from '../../src/modules/topics/infrastructure/topic.entity';
import { TypeormTopicRepository } from '../../src/modules/topics/infrastructure/typeorm-topic.repository';
import { CachedRows } from '../../src/shared/database/cached-rows';
import { DatabaseLocation } from '../../src/shared/database/database.module';
import { poolOf } from '../../src/shared/database/prepared-statement';
import { createMigratedDatabase, insertOrganization, locationOf, MigratedDatabase } from '../support/test-data-source';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Instance {
  organizations: TypeormOrganizationRepository;
  topics: TypeormTopicRepository;
  // Statements this instance sent to the database so far.
  statements(): number;
  stop(): Promise<void>;
}

// Two instances of the app on one database: what one of them (or any other writer) changes, the other reads
// within a notification's trip, however long it kept the rows before.
describe('Organizations and topics kept per instance until the database says they changed (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let location: DatabaseLocation;
  let a: Instance;
  let b: Instance;
  let organizationId: string;

  async function startInstance(): Promise<Instance> {
    const dataSource = new DataSource({ type: 'postgres', url: db.database.url, entities: [OrganizationEntity, TopicEntity] });
    await dataSource.initialize();
    let statements = 0;
    const pool = poolOf(dataSource);
    const query = pool.query.bind(pool);
    pool.query = ((...args: Parameters<typeof query>) => (statements++, query(...args))) as typeof pool.query;
    const cachedRows = new CachedRows(location);
    await cachedRows.onModuleInit();
    return {
      organizations: new TypeormOrganizationRepository(dataSource.getRepository(OrganizationEntity), location, cachedRows),
      topics: new TypeormTopicRepository(dataSource.getRepository(TopicEntity), location, cachedRows),
      statements: () => statements,
      async stop() {
        await cachedRows.onApplicationShutdown();
        await dataSource.destroy();
      },
    };
  }

  const eventually = async (check: () => Promise<boolean>, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Not so within ${timeoutMs} ms`);
      await delay(20);
    }
  };
  const token = async (instance: Instance) => (await instance.organizations.findWithSecrets(organizationId))!.secrets.zendeskApiTokenSealed;
  const topicNames = async (instance: Instance) => (await instance.topics.listForOrganization(organizationId)).map((topic) => topic.name);

  beforeAll(async () => {
    db = await createMigratedDatabase();
    location = await locationOf(db);
    organizationId = await insertOrganization(db.dataSource);
    a = await startInstance();
    b = await startInstance();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await db?.close();
  });

  it("reads an organization once, and its rotated token on every instance once it changes", async () => {
    expect(await token(a)).toBe('sealed');
    expect(await token(b)).toBe('sealed');
    const before = b.statements();
    expect(await token(b)).toBe('sealed');
    expect(b.statements()).toBe(before);

    await a.organizations.updateProfile(organizationId, { zendeskApiTokenSealed: 'rotated' }, 'admin');

    // The writer's own instance at once; the other one when the notification arrives.
    expect(await token(a)).toBe('rotated');
    await eventually(async () => (await token(b)) === 'rotated');
  });

  it("sees a topic another instance adds, and a change by any other writer", async () => {
    expect(await topicNames(b)).toEqual([]);
    const before = b.statements();
    expect(await topicNames(b)).toEqual([]);
    expect(b.statements()).toBe(before);

    await a.topics.create(organizationId, { name: 'Billing', description: '', keywords: ['invoice'], examples: [], zendeskTags: [], noAssist: false }, null);
    await eventually(async () => (await topicNames(b)).join() === 'Billing');

    await db.dataSource.query(`UPDATE topics SET name = 'Invoices' WHERE organization_id = $1`, [organizationId]);
    await eventually(async () => (await topicNames(a)).join() === 'Invoices' && (await topicNames(b)).join() === 'Invoices');
    await db.dataSource.query(`TRUNCATE topics CASCADE`);
    await eventually(async () => (await topicNames(a)).length === 0 && (await topicNames(b)).length === 0);
  });

  it('reads from the database while the listening connection is lost, and keeps rows again once it is back', async () => {
    await token(b);
    await db.dataSource.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN cached_rows' AND datname = current_database()`);
    await eventually(async () => {
      const before = b.statements();
      await token(b);
      return b.statements() > before;
    });
    // Changed while nobody listened: not missed.
    await db.dataSource.query(`UPDATE organizations SET zendesk_api_token_encrypted = 'rotated again' WHERE id = $1`, [organizationId]);
    expect(await token(b)).toBe('rotated again');

    await eventually(async () => {
      await token(b);
      const before = b.statements();
      await token(b);
      return b.statements() === before;
    });
    await db.dataSource.query(`UPDATE organizations SET zendesk_api_token_encrypted = 'rotated thrice' WHERE id = $1`, [organizationId]);
    await eventually(async () => (await token(b)) === 'rotated thrice');
  });
});
