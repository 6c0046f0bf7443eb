// npm run bench (insights part): the insights endpoint and the training page over a busy organization's month,
// generated in SQL on the machine's PostgreSQL. Figures, not assertions.
import 'reflect-metadata';
import { BENCH_ADMIN_TOKEN as ADMIN_TOKEN, startBenchApp, timeRuns } from './bench-app';
import { AppConfig } from '../src/config/app-config';
import { DataSource } from 'typeorm';
import { TrainingLinksService } from '../src/modules/assist/application/training-links.service';
import { TrainingAnswersService } from '../src/modules/knowledge-base/application/training-answers.service';

const DECISIONS = Number(process.env.BENCH_INSIGHTS_DECISIONS ?? 100_000);
const RUNS = 20;
const PAGE_RUNS = 100;
const TRAINING_ANSWERS = Number(process.env.BENCH_TRAINING_ANSWERS ?? 2000);

export async function benchInsights(): Promise<void> {
  const { app, baseUrl, close } = await startBenchApp('insights');
  try {
    const created = await fetch(`${baseUrl}/admin/organizations`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Busy', zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'a@example.com', apiToken: 't' }, webhookSigningSecret: 'bench-signing-secret-0123' }),
    });
    const { id: organizationId } = (await created.json()) as { id: string };
    const started = Date.now();
    const suggestionId = await generateMonth(app.get(DataSource), organizationId);
    console.log(`\nInsights: ${DECISIONS} decisions over 30 days generated in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const insights = await timeRuns(RUNS, async () => {
      const response = await fetch(`${baseUrl}/admin/organizations/${organizationId}/insights`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } });
      if (!response.ok) throw new Error(`insights answered ${response.status}`);
      await response.json();
    });
    const link = app.get(TrainingLinksService).linkFor(suggestionId).replace(app.get(AppConfig).publicBaseUrl, baseUrl);
    const page = await timeRuns(PAGE_RUNS, async () => {
      const response = await fetch(link);
      if (!response.ok) throw new Error(`training page answered ${response.status}`);
      await response.text();
    });
    const answers = app.get(TrainingAnswersService);
    await saveTrainingAnswers(app.get(DataSource), organizationId);
    let asked = 0;
    const lookup = await timeRuns(PAGE_RUNS, async () => {
      await answers.findPassage(organizationId, `How do I change setting ${asked++ % 97} for my team and export the report?`);
    });
    console.log('| request | p50 | p99 |');
    console.log('|---|---|---|');
    console.log(`| GET …/insights (30 days, knowledge gaps over the latest 500 unsourced questions) | ${insights.p50.toFixed(0)} ms | ${insights.p99.toFixed(0)} ms |`);
    console.log(`| GET /training/:id (the page, 3 sources, 10 topics) | ${page.p50.toFixed(1)} ms | ${page.p99.toFixed(1)} ms |`);
    console.log(`| training answer lookup per ticket (${TRAINING_ANSWERS} answers, words and embedding) | ${lookup.p50.toFixed(1)} ms | ${lookup.p99.toFixed(1)} ms |`);
  } finally {
    await close();
  }
}

// A month of a busy organization: a fifth of the decisions posted a suggestion (cited 1–3 of 300 articles, most
// of them judged), the rest skipped, 5 % of all as `not_helpful_answer` with a question; 10 topics.
async function generateMonth(db: DataSource, organizationId: string): Promise<string> {
  await db.query(
    `INSERT INTO topics (organization_id, name, description, keywords) SELECT $1, 'Topic ' || i, 'About ' || i, ARRAY['word' || i] FROM generate_series(1, 10) i`,
    [organizationId],
  );
  await db.query(
    `INSERT INTO suggestions (id, organization_id, ticket_id, comment_id, event_id, question, reply, note_html, sources, sourced, posted_at, created_at, acceptance)
     SELECT gen_random_uuid(), $1, 't' || i, 'c' || i, gen_random_uuid(), 'How do I change setting ' || (i % 97) || '?', 'Open Settings.', '<p>Open Settings.</p>',
            (SELECT jsonb_agg(jsonb_build_object('articleId', md5('a' || a)::uuid, 'title', 'Article ' || a, 'url', 'https://help.example.com/' || a,
                                                 'passage', 'Open Settings, then setting ' || a || ', and change it.'))
               FROM generate_series(1, 1 + i % 3) k, LATERAL (SELECT (i * 7 + k * 13) % 300 AS a) pick),
            true, at, at, (ARRAY['as_is', 'lightly_edited', 'heavily_edited', 'ignored', NULL])[1 + i % 5]
       FROM generate_series(1, $2::int) i, LATERAL (SELECT now() - (i % 2592000) * interval '1 second' AS at) t`,
    [organizationId, DECISIONS / 5],
  );
  await db.query(
    `INSERT INTO decisions (organization_id, ticket_id, comment_id, event_id, outcome, reason, suggestion_id, evidence, created_at)
     SELECT organization_id, ticket_id, comment_id, event_id, 'suggested', 'suggested', id,
            jsonb_build_object('topics', jsonb_build_array(jsonb_build_object('name', 'Topic ' || (1 + length(ticket_id) % 10), 'noAssist', false, 'because', 'keyword'))), created_at
       FROM suggestions WHERE organization_id = $1`,
    [organizationId],
  );
  await db.query(
    `INSERT INTO decisions (organization_id, ticket_id, comment_id, outcome, reason, evidence, created_at)
     SELECT $1, 's' || i, 'c' || i, 'skipped', reason,
            CASE WHEN reason = 'not_helpful_answer' THEN jsonb_build_object('question', 'Can I ' || (ARRAY['pay', 'export', 'import', 'share', 'merge', 'archive'])[1 + i % 6] || ' my ' || (ARRAY['invoices', 'contacts', 'reports', 'files'])[1 + i % 4] || ' with ' || (ARRAY['bitcoin', 'excel', 'slack', 'dropbox', 'a script'])[1 + i % 5] || ' number ' || i || '?') ELSE '{}' END,
            now() - (i % 2592000) * interval '1 second'
       FROM generate_series(1, $2::int) i,
            LATERAL (SELECT CASE WHEN i % 16 = 0 THEN 'not_helpful_answer' WHEN i % 16 < 4 THEN 'duplicate' WHEN i % 16 < 5 THEN 'no_assist_topic' ELSE 'awaiting_customer' END AS reason) r`,
    [organizationId, DECISIONS - DECISIONS / 5],
  );
  await db.query(
    `INSERT INTO training_actions (organization_id, suggestion_id, kind, rating)
     SELECT organization_id, id, 'rated', (ARRAY['good', 'needs_work'])[1 + length(ticket_id) % 2] FROM suggestions WHERE organization_id = $1 LIMIT 2000`,
    [organizationId],
  );
  await db.query(`VACUUM (ANALYZE) decisions, suggestions, training_actions`);
  // The page's suggestion: three sources.
  const [{ id }]: { id: string }[] = await db.query(
    `SELECT id FROM suggestions WHERE organization_id = $1 AND jsonb_array_length(sources) = 3 LIMIT 1`,
    [organizationId],
  );
  return id;
}

// Saved answers of ~40 words, as the training page saves them (lexemes in the knowledge base's configuration).
async function saveTrainingAnswers(db: DataSource, organizationId: string): Promise<void> {
  const [{ embedding }]: { embedding: string }[] = await db.query(`SELECT array_fill(0.05::real, ARRAY[512])::vector::text AS embedding`);
  await db.query(
    `INSERT INTO training_answers (organization_id, question, answer, created_by, embedding, embedding_model, question_terms)
     SELECT $1, q, 'Open Settings and change it.', 'bench', $3::vector, 'offline-hashed-512-v1', to_tsvector('english', q)
       FROM generate_series(1, $2::int) i,
            LATERAL (SELECT 'How can I change setting ' || (i % 97) || ' of my ' || (ARRAY['team', 'account', 'invoice', 'report', 'project'])[1 + i % 5]
                            || ' when ' || repeat('the workspace owner ' || md5(i::text) || ' ', 6) || '?' AS q) t`,
    [organizationId, TRAINING_ANSWERS, embedding],
  );
}
