import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { startTestApp, TestApp } from '../support/test-app';
import { RecordedRequest, ZendeskSimulator } from '../support/zendesk-simulator';

// A good Zendesk citizen, measured against the simulator: a redelivery flood, a 503 outage and a 429
// Retry-After window across two instances. Scaled down from production (outage 15 s instead of 45, Retry-After
// 5 s instead of 90, breaker cool-down 5 s instead of 30); the figures go to test/chaos/.results/.
const COOL_DOWN_SECONDS = 5;
const figures: Record<string, unknown> = {};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const QUESTION = 'How long does shipping take and how do I track my order?';

const notesOn = (zendesk: ZendeskSimulator, ticketId: number) => zendesk.getTicket(ticketId).comments.filter((c) => !c.public);
const between = (requests: RecordedRequest[], from: number, to: number) => requests.filter((r) => r.at! > from && r.at! < to);

async function expectOneNoteEach(fixture: AssistFixture, ticketIds: number[], decisionsEach: number): Promise<void> {
  for (const id of ticketIds) {
    const decisions = await waitForDecisions(fixture.test, fixture.organizationId, id, decisionsEach);
    expect(decisions.filter((d) => d.outcome === 'suggested')).toHaveLength(1);
    expect(decisions.filter((d) => d.outcome === 'failed')).toEqual([]);
    expect(notesOn(fixture.zendesk, id)).toHaveLength(1);
  }
}

describe('A good Zendesk citizen (simulator faults, real PostgreSQL, pg-boss)', () => {
  afterAll(() => {
    const dir = join(__dirname, '.results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'zendesk-citizen.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`Zendesk citizen figures:\n${JSON.stringify(figures, null, 2)}`);
  });

  it('a redelivery flood (30 tickets × 10 deliveries, interleaved) costs at most 4 Zendesk requests per noted ticket', async () => {
    const fixture = await startAssistFixture();
    try {
      const { zendesk, webhookUrl } = fixture;
      const tickets = Array.from({ length: 30 }, (_, i) => zendesk.createTicket({ subject: `Parcel ${i}`, body: QUESTION }));
      const before = zendesk.requests.length;
      for (let round = 0; round < 10; round++) {
        const answers = await Promise.all(tickets.map((t) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: t.id })));
        expect(answers.map((a) => a.status)).toEqual(tickets.map(() => 202));
      }
      await expectOneNoteEach(fixture, tickets.map((t) => t.id), 10);

      const requests = zendesk.requests.slice(before);
      const perTicket = requests.length / tickets.length;
      figures.flood = {
        tickets: tickets.length,
        deliveries: tickets.length * 10,
        zendeskRequests: requests.length,
        requestsPerNotedTicket: perTicket,
        byEndpoint: countBy(requests.map((r) => `${r.method} ${r.path.replace(/\/\d+/g, '/:id')}`)),
      };
      expect(perTicket).toBeLessThanOrEqual(4);
    } finally {
      await fixture.close();
    }
  });

  it(`a 503 outage (15 s, 20 tickets): after the breaker opens, at most one request per ${COOL_DOWN_SECONDS} s cool-down; then one note each`, async () => {
    const fixture = await startAssistFixture({ env: { ZENDESK_BREAKER_COOLDOWN_SECONDS: String(COOL_DOWN_SECONDS) } });
    const db = new Client({ connectionString: fixture.test.config.databaseUrl });
    await db.connect();
    try {
      const { zendesk, webhookUrl } = fixture;
      const tickets = Array.from({ length: 20 }, (_, i) => zendesk.createTicket({ subject: `Outage ${i}`, body: QUESTION }));
      const outage = zendesk.failFor(15, { status: 503 });
      const started = Date.now();
      await Promise.all(tickets.map((t) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: t.id })));

      // When the breaker opened, as every instance sees it.
      let openedAt: number | null = null;
      while (Date.now() < outage.until) {
        const { rows } = await db.query(`SELECT 1 FROM zendesk_account_guards WHERE open_until IS NOT NULL`);
        if (rows.length > 0 && openedAt === null) openedAt = Date.now();
        await sleep(20);
      }
      expect(openedAt).not.toBeNull();
      const afterOpening = between(zendesk.requests, openedAt!, outage.until);
      const allowed = Math.ceil((outage.until - openedAt!) / (COOL_DOWN_SECONDS * 1000));

      await expectOneNoteEach(fixture, tickets.map((t) => t.id), 1);
      figures.outage = {
        outageSeconds: 15,
        tickets: tickets.length,
        coolDownSeconds: COOL_DOWN_SECONDS,
        requestsBeforeBreakerOpened: between(zendesk.requests, started - 1, openedAt!).length,
        breakerOpenedAfterMs: openedAt! - started,
        requestsDuringOutageAfterBreakerOpened: afterOpening.length,
        atMostAllowed: allowed,
        gapsBetweenThemMs: afterOpening.slice(1).map((r, i) => r.at! - afterOpening[i].at!),
        requestsDuringOutage: between(zendesk.requests, started - 1, outage.until).length,
      };
      expect(afterOpening.length).toBeLessThanOrEqual(allowed);
      for (let i = 1; i < afterOpening.length; i++) expect(afterOpening[i].at! - afterOpening[i - 1].at!).toBeGreaterThanOrEqual(COOL_DOWN_SECONDS * 1000 - 50);
    } finally {
      await db.end();
      await fixture.close();
    }
  });

  it('a 429 with Retry-After (5 s) stops both instances on one database: no request inside the window; then one note each', async () => {
    const fixture = await startAssistFixture();
    let second: TestApp | undefined;
    try {
      const { zendesk, webhookUrl, organizationId } = fixture;
      second = await startTestApp({ env: { DATABASE_URL: fixture.test.config.databaseUrl! } });
      const webhookUrls = [webhookUrl, `${second.baseUrl}/webhooks/zendesk/${organizationId}`];
      const tickets = Array.from({ length: 20 }, (_, i) => zendesk.createTicket({ subject: `Throttled ${i}`, body: QUESTION }));

      const window = zendesk.failFor(5, { status: 429 });
      await zendesk.fireWebhook(webhookUrls[0], SIGNING_SECRET, { ticket_id: tickets[0].id });
      while (!zendesk.requests.some((r) => r.status === 429)) await sleep(10);
      const first429 = zendesk.requests.find((r) => r.status === 429)!;
      // The rest arrive on both instances while Zendesk's window is still open.
      await Promise.all(tickets.slice(1).map((t, i) => zendesk.fireWebhook(webhookUrls[i % 2], SIGNING_SECRET, { ticket_id: t.id })));

      await expectOneNoteEach(fixture, tickets.map((t) => t.id), 1);
      const inside = between(zendesk.requests, first429.at!, window.until);
      figures.retryAfter = {
        retryAfterSeconds: 5,
        instances: 2,
        tickets: tickets.length,
        requestsInsideWindowAfterFirst429: inside.length,
        requestsInFirst2sAfterWindow: between(zendesk.requests, window.until - 1, window.until + 2000).length,
        zendeskRequests: zendesk.requests.length,
      };
      expect(inside).toEqual([]);
    } finally {
      await second?.close();
      await fixture.close();
    }
  });
});

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
