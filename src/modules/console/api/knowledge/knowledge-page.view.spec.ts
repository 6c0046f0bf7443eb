import { emptyCounts, SyncRun } from '../../../knowledge-base/domain/sync-run';
import { syncProgress } from './knowledge-page.view';

const run = (changes: Partial<SyncRun>): SyncRun => ({
  id: '6f1c1c1e-0000-4000-8000-000000000001',
  organizationId: '6f1c1c1e-0000-4000-8000-000000000002',
  trigger: 'console',
  status: 'queued',
  mode: null,
  counts: emptyCounts(),
  pages: 0,
  problems: [],
  error: null,
  queuedAt: new Date('2026-11-30T14:00:00Z'),
  startedAt: null,
  finishedAt: null,
  ...changes,
});

describe('syncProgress: the line the Knowledge page and its progress endpoint show', () => {
  const started = new Date('2026-11-30T14:00:01Z');
  const counts = { ...emptyCounts(), fetched: 120, added: 100, updated: 15, removed: 2 };

  it.each([
    [run({}), 'Sync asked at 2026-11-30 14:00 UTC: waiting to start.', false],
    [run({ status: 'running', mode: 'full', startedAt: started, pages: 1, counts: { ...emptyCounts(), fetched: 1, added: 1 } }), 'Sync running (full): 1 page read, 1 article fetched (1 added, 0 updated, 0 removed) so far.', false],
    [
      run({ status: 'succeeded', mode: 'incremental', startedAt: started, finishedAt: new Date('2026-11-30T14:01:36Z'), pages: 3, counts, problems: [{ articleId: '7', locale: 'en-us', reason: 'empty_body' }] }),
      'Sync succeeded in 1 min 35 s: 3 pages read, 120 articles fetched (100 added, 15 updated, 2 removed), 1 bad article.',
      true,
    ],
    [
      run({ status: 'failed', startedAt: started, finishedAt: new Date('2026-11-30T14:00:03.5Z'), pages: 2, counts, error: 'Zendesk answered 401' }),
      'Sync failed after 2.5 s: Zendesk answered 401. 2 pages read, 120 articles fetched (100 added, 15 updated, 2 removed); the next sync resumes where it stopped.',
      true,
    ],
    [run({ status: 'succeeded', startedAt: started, finishedAt: new Date('2026-11-30T14:02:00.7Z'), pages: 1 }), 'Sync succeeded in 2 min 0 s: 1 page read, 0 articles fetched (0 added, 0 updated, 0 removed).', true],
  ])('%#: %s', (given, text, finished) => {
    expect(syncProgress(given)).toEqual({ text, finished });
  });
});
