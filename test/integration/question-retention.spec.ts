import { DataSource } from 'typeorm';
import { AssistRecords } from '../../src/modules/assist/application/ports/assist-records';
import { OrganizationsService } from '../../src/modules/organizations/application/organizations.service';
import { startTestApp, TestApp } from '../support/test-app';

// The scheduled erasure of the questions kept for the topic tester, on a worker instance ticking every second.
describe('Question retention (real PostgreSQL, the scheduled job)', () => {
  let test: TestApp;
  let db: DataSource;
  let records: AssistRecords;
  let organizations: OrganizationsService;

  beforeAll(async () => {
    test = await startTestApp({ env: { QUESTION_RETENTION_SECONDS: '1' } });
    db = test.app.get(DataSource);
    records = test.app.get(AssistRecords);
    organizations = test.app.get(OrganizationsService);
  });
  afterAll(() => test?.close());

  const register = async (retentionDays: number) => {
    const { id } = await organizations.register({
      name: 'Retention',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'token' },
      webhookSigningSecret: 'retention-signing-secret-0123',
    });
    await organizations.updateSettings(id, { questionRetentionDays: retentionDays }, 'operator');
    return id;
  };
  // A decision that reached topic classification, made `daysAgo` days ago.
  const decide = async (organizationId: string, ticketId: string, daysAgo: number) => {
    const decision = await records.recordDecision({
      organizationId,
      ticketId,
      commentId: 'c1',
      eventId: null,
      outcome: 'skipped',
      reason: 'no_assist_topic',
      tagsApplied: ['skipped'],
      suggestionId: null,
      evidence: { topics: [{ name: 'Legal', noAssist: true, because: 'keyword:lawsuit' }] },
      classified: { text: `Question of ticket ${ticketId}`, tags: ['vip'] },
    });
    await db.query(`UPDATE decisions SET created_at = created_at - $2 * interval '1 day' WHERE id = $1`, [decision.id, daysAgo]);
    await db.query(`UPDATE decision_questions SET asked_at = asked_at - $2 * interval '1 day' WHERE decision_id = $1`, [decision.id, daysAgo]);
    return decision.id;
  };
  const question = async (decisionId: string) =>
    ((await db.query(`SELECT text, tags FROM decision_questions WHERE decision_id = $1`, [decisionId])) as { text: string; tags: string[] }[])[0];

  it("erases questions past their organization's retention, keeps recent ones and everything else of the decision", async () => {
    const short = await register(7);
    const long = await register(90);
    const old = await decide(short, '1', 10);
    const recent = await decide(short, '2', 3);
    const keptElsewhere = await decide(long, '3', 10);
    const pastLong = await decide(long, '4', 91);
    expect(await question(old)).toEqual({ text: 'Question of ticket 1', tags: ['vip'] });

    const deadline = Date.now() + 10_000;
    while ((await question(old)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));

    expect(await question(old)).toBeUndefined();
    expect(await question(pastLong)).toBeUndefined();
    expect(await question(recent)).toEqual({ text: 'Question of ticket 2', tags: ['vip'] });
    expect(await question(keptElsewhere)).toEqual({ text: 'Question of ticket 3', tags: ['vip'] });
    const [decision] = await records.listDecisions(short, '1');
    expect(decision).toMatchObject({ id: old, outcome: 'skipped', reason: 'no_assist_topic', tagsApplied: ['skipped'], evidence: { topics: [{ name: 'Legal' }] } });
  });

  it('stores no question for a decision that never reached classification, and a bounded, safe one otherwise', async () => {
    const organizationId = await register(90);
    const early = await records.recordDecision({
      organizationId,
      ticketId: '5',
      commentId: null,
      eventId: null,
      outcome: 'skipped',
      reason: 'assist_disabled',
      tagsApplied: [],
      suggestionId: null,
      evidence: {},
    });
    expect(await question(early.id)).toBeUndefined();
    const long = await records.recordDecision({ ...early, ticketId: '6', classified: { text: `nul\u0000here ${'x'.repeat(10_000)}`, tags: ['a'] } });
    const stored = await question(long.id);
    expect(stored.text.startsWith('nulhere x')).toBe(true);
    expect(stored.text.length).toBeLessThanOrEqual(4000);
  });
});
