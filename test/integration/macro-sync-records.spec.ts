import { randomUUID } from 'node:crypto';
import { PostgresMacroSyncRecords } from '../../src/modules/knowledge-base/infrastructure/postgres-macro-sync-records';
import { createMigratedDatabase, insertOrganization, MigratedDatabase } from '../support/test-data-source';

// Where a macro pass stands, and what it removes, on real PostgreSQL with every migration applied.
describe('PostgresMacroSyncRecords (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let sut: PostgresMacroSyncRecords;
  let organizationId: string;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    sut = new PostgresMacroSyncRecords(db.dataSource);
    organizationId = await insertOrganization(db.dataSource);
  });
  afterAll(() => db?.close());

  const run = async (status: string) => {
    const id = randomUUID();
    await db.dataSource.query(`INSERT INTO kb_sync_runs (id, organization_id, trigger, status) VALUES ($1, $2, 'api', $3)`, [id, organizationId, status]);
    return id;
  };
  const article = (externalId: string, source: string, locale = 'en-us', seenBy: string | null = null) =>
    db.dataSource.query(
      `INSERT INTO kb_articles (organization_id, external_id, locale, title, body_html, url, content_hash, source, last_seen_run)
       VALUES ($1, $2, $3, $2, '<p>x</p>', '', 'h', $4, $5)`,
      [organizationId, externalId, locale, source, seenBy],
    );
  const externalIds = async () => ((await db.dataSource.query(`SELECT external_id FROM kb_articles ORDER BY external_id`)) as { external_id: string }[]).map((r) => r.external_id);

  it('saves, resumes and clears a pass for a running run, and saves nothing for a run failed as abandoned', async () => {
    const running = await run('running');
    const pass = { passId: randomUUID(), cursor: 'https://acme.zendesk.com/api/v2/macros/active.json?page%5Bafter%5D=9' };

    expect(await sut.savePass(running, organizationId, pass)).toBe(true);
    expect(await sut.getPass(organizationId)).toEqual(pass);

    const abandoned = await run('failed');
    expect(await sut.savePass(abandoned, organizationId, { ...pass, cursor: null })).toBe(false);
    expect(await sut.savePass(abandoned, organizationId, null)).toBe(false);
    expect(await sut.getPass(organizationId)).toEqual(pass);

    expect(await sut.savePass(running, organizationId, null)).toBe(true);
    expect(await sut.getPass(organizationId)).toBeNull();
  });

  it('removes only the macros a pass did not see, or every macro, never articles', async () => {
    const passId = randomUUID();
    await article('macro:1', 'macro', 'en-us', passId);
    await article('macro:2', 'macro');
    await article('10', 'help_center', 'de');
    await article('11', 'help_center', 'de');
    await article('12', 'help_center', 'en-us');
    await article('api-1', 'api');

    expect(await sut.helpCenterLocale(organizationId)).toBe('de');
    expect(await sut.removeMacrosNotSeen(organizationId, passId)).toBe(1);
    expect(await externalIds()).toEqual(['10', '11', '12', 'api-1', 'macro:1']);
    expect(await sut.removeAllMacros(organizationId)).toBe(1);
    expect(await externalIds()).toEqual(['10', '11', '12', 'api-1']);
  });

  it('refuses a source the check constraint does not know', async () => {
    await expect(article('x', 'elsewhere')).rejects.toThrow(/kb_articles_source_check/);
  });
});
