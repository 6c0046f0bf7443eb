// npm run bench (topics part): the topic tester over an organization with 30 topics and 5,000 stored questions,
// beside a bare read of those questions, on the machine's PostgreSQL with the offline embedder. Figures, not assertions.
import 'reflect-metadata';
import { BENCH_ADMIN_TOKEN as ADMIN_TOKEN, startBenchApp, timeRuns } from './bench-app';
import { DataSource } from 'typeorm';
import { Embedder } from '../src/modules/llm/application/ports/embedder';

const TOPICS = 30;
const QUESTIONS = Number(process.env.BENCH_TOPIC_QUESTIONS ?? 5000);
const RUNS = 20;
const SUBJECTS = ['refund', 'invoice', 'password', 'delivery', 'account', 'export', 'subscription', 'login', 'discount', 'warranty'];
const OBJECTS = ['order', 'card', 'plan', 'team', 'report', 'parcel', 'email', 'app', 'device', 'address'];

export async function benchTopics(): Promise<void> {
  const { app, baseUrl, close } = await startBenchApp('topics');
  const call = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  try {
    const { id: organizationId } = await call('/admin/organizations', {
      name: 'Topics',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'a@example.com', apiToken: 't' },
      webhookSigningSecret: 'bench-signing-secret-0123',
    });
    // Through the API, so each topic's description and examples are embedded and stored as in production.
    for (let i = 0; i < TOPICS; i++) {
      const subject = SUBJECTS[i % SUBJECTS.length];
      const object = OBJECTS[Math.floor(i / SUBJECTS.length) % OBJECTS.length];
      await call(`/admin/organizations/${organizationId}/topics`, {
        name: `${subject} ${object} ${i}`,
        description: `Questions about the ${subject} of a ${object}`,
        keywords: i % 3 === 0 ? [`${subject} code ${i}`] : [],
        examples: [`how does the ${subject} of my ${object} work`, `problem with ${subject} for the ${object}`, `I need help with my ${object} ${subject}`],
        zendeskTags: i % 5 === 0 ? [`topic_${i}`] : [],
        noAssist: i % 4 === 0,
      });
    }
    const db = app.get(DataSource);
    await generateQuestions(db, organizationId);
    const draft = {
      topic: { name: 'Chargebacks', description: 'The customer disputes a card charge', keywords: ['chargeback'], examples: ['my bank reversed the charge on my card'], noAssist: true },
    };
    let report: any = null;
    const tester = await timeRuns(RUNS, async () => {
      report = await call(`/admin/organizations/${organizationId}/topics/test`, draft);
    });
    const read = await timeRuns(RUNS, async () => {
      await db.query(`SELECT decision_id, ticket_id, asked_at, text, tags FROM decision_questions WHERE organization_id = $1 ORDER BY asked_at DESC LIMIT $2`, [
        organizationId,
        QUESTIONS,
      ]);
    });
    const texts: string[] = (await db.query(`SELECT text FROM decision_questions WHERE organization_id = $1`, [organizationId])).map((r: { text: string }) => r.text);
    const embedder = app.get(Embedder);
    const embedding = await timeRuns(RUNS, async () => {
      await embedder.embed(texts);
    });
    console.log(
      `\nTopic tester: ${TOPICS} topics, ${report.ticketsTested} stored questions; the draft caught ${report.caught.count}, ` +
        `${report.newlySkipped.count} newly skipped, ${report.newlyAssisted.count} newly assisted`,
    );
    console.log('| request | p50 | p99 |');
    console.log('|---|---|---|');
    console.log(`| POST …/topics/test (${report.ticketsTested} questions, ${TOPICS} topics + the draft, rules and semantic stages twice) | ${tester.p50.toFixed(0)} ms | ${tester.p99.toFixed(0)} ms |`);
    console.log(`| of which: embedding the ${texts.length} questions offline (one call) | ${embedding.p50.toFixed(0)} ms | ${embedding.p99.toFixed(0)} ms |`);
    console.log(`| ceiling: bare SELECT of the ${QUESTIONS} questions | ${read.p50.toFixed(1)} ms | ${read.p99.toFixed(1)} ms |`);
  } finally {
    await close();
  }
}

// Decisions of the last 30 days with their questions: ~40 words each, a few of them tagged, some naming a topic's
// keyword, some close to a topic's examples, most about nothing the topics know.
async function generateQuestions(db: DataSource, organizationId: string): Promise<void> {
  await db.query(
    `WITH made AS (
       INSERT INTO decisions (organization_id, ticket_id, comment_id, outcome, reason, evidence, created_at)
       SELECT $1, (100000 + i)::text, 'c' || i, 'suggested', 'suggested', '{}', now() - (i % 2500000) * interval '1 second'
         FROM generate_series(1, $2::int) i
       RETURNING id, organization_id, ticket_id, created_at
     )
     INSERT INTO decision_questions (decision_id, organization_id, ticket_id, asked_at, text, tags)
     SELECT id, organization_id, ticket_id, created_at,
            'Ticket ' || ticket_id || E'\\n\\n' || 'Hello, I have a question about the ' || s || ' of my ' || o ||
              CASE WHEN n % 7 = 0 THEN ', maybe a chargeback' WHEN n % 11 = 0 THEN ' and the ' || s || ' code ' || (n % 30) ELSE '' END ||
              '. I tried the settings page and the mobile app yesterday evening but nothing changed, and my colleague had the same issue last week. ' ||
              'Could you tell me what to do next, or who I should contact? Thanks a lot for your help, best regards.',
            CASE WHEN n % 13 = 0 THEN ARRAY['topic_' || (n % 30), 'vip'] ELSE ARRAY['web'] END
       FROM made, LATERAL (SELECT ticket_id::int AS n) t,
            LATERAL (SELECT (ARRAY[${SUBJECTS.map((s) => `'${s}'`).join(', ')}, 'weather', 'menu', 'colour'])[1 + n % 13] AS s,
                            (ARRAY[${OBJECTS.map((o) => `'${o}'`).join(', ')}, 'garden', 'holiday'])[1 + n % 12] AS o) w`,
    [organizationId, QUESTIONS],
  );
  await db.query(`VACUUM (ANALYZE) decisions, decision_questions`);
}
