import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { APP_PROCESS_TEST_TIMEOUT, AppProcess, startAppProcess } from '../support/app-process';

// A worker process killed (SIGKILL) just after Zendesk took its note, before it recorded anything: a fresh
// process retries the job within seconds and finds the note instead of posting a second one. The suite's own
// app answers HTTP only (WORKER_ENABLED=false): the two processes are the only workers.
describe('Assist worker killed after posting its note (SIGKILL), its job retried by a fresh process', () => {
  let fixture: AssistFixture;
  const workers: AppProcess[] = [];

  beforeAll(async () => {
    fixture = await startAssistFixture({ env: { WORKER_ENABLED: 'false' } });
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.running) worker.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await fixture?.close();
  });

  const startWorker = async () => {
    const worker = await startAppProcess({ ...fixture.test.env, WORKER_ENABLED: 'true' });
    workers.push(worker);
    return worker;
  };

  it('posts exactly one note, and the retry records it as suggested', async () => {
    const { zendesk, test, organizationId, webhookUrl } = fixture;
    const ticket = zendesk.createTicket({ subject: 'Parcel', body: 'How long does shipping take and how do I track my order?' });
    const notes = () => zendesk.getTicket(ticket.id).comments.filter((c) => !c.public);
    const notePosted = zendesk.holdNext((method, path) => method === 'PUT' && path === `/api/v2/tickets/${ticket.id}.json`, { applyIfGone: true });
    const killed = await startWorker();

    expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) })).status).toBe(202);
    await notePosted.arrived;
    killed.kill('SIGKILL');
    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    notePosted.release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(notes()).toHaveLength(1);
    expect(await waitForDecisions(test, organizationId, ticket.id, 0)).toEqual([]);

    const fresh = await startWorker();
    const [decision] = await waitForDecisions(test, organizationId, ticket.id, 1);

    expect(decision).toMatchObject({ outcome: 'suggested', reason: 'suggested' });
    expect(notes()).toHaveLength(1);
    expect(notes()[0].html_body).toContain(decision.suggestionId);
    fresh.kill('SIGTERM');
    expect(await fresh.exited).toEqual({ code: 0, signal: null });
  }, APP_PROCESS_TEST_TIMEOUT);
});
