import { ChaosCluster, notesHistogram, reportScenario, seconds } from '../support/chaos-cluster';
import { SimTicket } from '../support/zendesk-simulator';

const TICKETS = 60;
// Each Zendesk call takes this long: a job (read the ticket, post the note) then runs for seconds, and a
// burst keeps both workers busy long enough to be hit mid-job.
const ZENDESK_LATENCY_MS = 700;
const RECOVERY_BOUND_MS = 60_000;

const FREED_BOUND_MS = 30_000;
// What a worker logs when it fails and retries a job whose worker's liveness lock is free.
const RECLAIMED = /was abandoned by a worker that stopped/;

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A burst of webhooks for 60 tickets on two worker processes, and the faults production saw during one: each
// ticket must still get exactly one internal note, and the last of them within 60 s of the recovery.
describe('Chaos: worker processes and the database failing mid-burst', () => {
  let cluster: ChaosCluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  const startBurst = async (spacingMs: number) => {
    cluster = await ChaosCluster.start();
    cluster.zendesk.setLatency(ZENDESK_LATENCY_MS);
    const tickets: SimTicket[] = Array.from({ length: TICKETS }, (_, i) =>
      cluster!.zendesk.createTicket({ subject: `Parcel ${i}`, body: 'How long does shipping take and how do I track my order?' }),
    );
    const startedAt = Date.now();
    const delivered = Promise.all(tickets.map((ticket, i) => delay(i * spacingMs).then(() => cluster!.deliver(ticket))));
    return { cluster, tickets, startedAt, delivered };
  };

  const expectOneNoteEach = (notesPerTicket: Map<number, number>) => expect(notesHistogram(notesPerTicket)).toEqual({ 1: TICKETS });

  it('kill -9 of a worker, four times, each restarted: one note per ticket, within 60 s of the last restart', async () => {
    const { cluster, tickets, startedAt, delivered } = await startBurst(50);
    const faults: { atSeconds: number; what: string }[] = [];
    const kills: number[] = [];
    let lastKillAt = 0;
    let lastRestartAt = 0;
    for (let kill = 0; kill < 4; kill++) {
      // The oldest worker: the two take turns.
      const victim = cluster.workers[0];
      const inFlight = await cluster.waitForJobsInFlight(victim);
      victim.kill('SIGKILL');
      lastKillAt = Date.now();
      kills.push(lastKillAt);
      faults.push({ atSeconds: seconds(lastKillAt - startedAt), what: `SIGKILL with ${inFlight} jobs in flight` });
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' });
      cluster.retire(victim);
      await cluster.startWorker();
      lastRestartAt = Date.now();
    }
    await delivered;
    const { notesPerTicket, lastNoteAt } = await cluster.waitForNotes(tickets, lastRestartAt + RECOVERY_BOUND_MS + 30_000);
    // Each job a killed worker left is failed and retried by a living one: how long after the kill.
    const freedAfter = cluster.logged(RECLAIMED).map(({ at }) => at - Math.max(...kills.filter((kill) => kill <= at)));

    reportScenario({
      scenario: 'kill-9-worker',
      tickets: TICKETS,
      faults,
      recoverySeconds: seconds(lastNoteAt - lastKillAt),
      fromLastRestartSeconds: seconds(lastNoteAt - lastRestartAt),
      jobsFreed: freedAfter.length,
      freedWithinSeconds: seconds(Math.max(...freedAfter)),
      notesPerTicket: notesHistogram(notesPerTicket),
      eventsDecidedTwice: await cluster.eventsDecidedTwice(),
    });
    expectOneNoteEach(notesPerTicket);
    expect(lastNoteAt - lastRestartAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expect(freedAfter.length).toBeGreaterThan(0);
    expect(Math.max(...freedAfter)).toBeLessThanOrEqual(FREED_BOUND_MS);
    expect(cluster.workers.every((worker) => worker.running)).toBe(true);
    expect(cluster.deliveries.map((d) => d.status)).toEqual(tickets.map(() => 202));
  });

  it('the database away three times (backends terminated, 2 s closed): no process exits, webhooks meanwhile get 503, one note per ticket', async () => {
    const { cluster, tickets, startedAt, delivered } = await startBurst(250);
    const outages: { from: number; to: number }[] = [];
    for (const at of [2000, 6000, 10_000]) {
      await delay(startedAt + at - Date.now());
      outages.push(await cluster.takeDatabaseDown(2000));
    }
    await delivered;
    // Never a 202 for an event the database did not take; a 503 says when to deliver again; each ticket accepted once.
    const statuses = cluster.deliveries.map((d) => d.status);
    const duringOutages = cluster.deliveries.filter((d) => outages.some(({ from, to }) => d.sentAt > from && d.answeredAt < to));
    expect(duringOutages.length).toBeGreaterThan(0);
    expect(new Set(duringOutages.map((d) => d.status))).toEqual(new Set([503]));
    expect(new Set(statuses)).toEqual(new Set([202, 503]));
    expect(cluster.deliveries.filter((d) => d.status === 503).every((d) => d.retryAfter === '5')).toBe(true);
    expect(cluster.deliveries.filter((d) => d.status === 202).map((d) => d.ticketId).sort()).toEqual(tickets.map((t) => t.id).sort());

    const lastOutageEnd = outages[outages.length - 1].to;
    const { notesPerTicket, lastNoteAt } = await cluster.waitForNotes(tickets, lastOutageEnd + RECOVERY_BOUND_MS + 30_000);
    reportScenario({
      scenario: 'database-terminated',
      tickets: TICKETS,
      faults: outages.map(({ from, to }) => ({ atSeconds: seconds(from - startedAt), what: `backends terminated, closed ${seconds(to - from)} s` })),
      recoverySeconds: seconds(lastNoteAt - lastOutageEnd),
      notesPerTicket: notesHistogram(notesPerTicket),
      eventsDecidedTwice: await cluster.eventsDecidedTwice(),
      // Jobs of living workers taken for abandoned (their liveness connection was down): should stay 0.
      jobsReclaimed: cluster.logged(RECLAIMED).length,
      webhookAnswers: { accepted: statuses.filter((s) => s === 202).length, unavailable: statuses.filter((s) => s === 503).length },
    });
    expectOneNoteEach(notesPerTicket);
    expect(lastNoteAt - lastOutageEnd).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expect(cluster.workers.map((worker) => worker.running)).toEqual([true, true]);
  });

  it('SIGTERM to one of two workers mid-burst: it finishes its jobs and exits 0, one note per ticket', async () => {
    const { cluster, tickets, startedAt, delivered } = await startBurst(50);
    const [stopped, survivor] = cluster.workers;
    await delay(2000);
    const inFlight = await cluster.waitForJobsInFlight(stopped);
    stopped.kill('SIGTERM');
    const stoppedAt = Date.now();
    const exit = await stopped.exited;
    const exitedAfter = Date.now() - stoppedAt;
    await delivered;
    const { notesPerTicket, lastNoteAt } = await cluster.waitForNotes(tickets, stoppedAt + RECOVERY_BOUND_MS + 30_000);

    reportScenario({
      scenario: 'sigterm-worker',
      tickets: TICKETS,
      faults: [{ atSeconds: seconds(stoppedAt - startedAt), what: `SIGTERM with ${inFlight} jobs in flight` }],
      recoverySeconds: seconds(lastNoteAt - stoppedAt),
      notesPerTicket: notesHistogram(notesPerTicket),
      eventsDecidedTwice: await cluster.eventsDecidedTwice(),
      exit,
      exitedAfterSeconds: seconds(exitedAfter),
    });
    expect(exit).toEqual({ code: 0, signal: null });
    expectOneNoteEach(notesPerTicket);
    expect(lastNoteAt - stoppedAt).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
    expect(survivor.running).toBe(true);
  });
});
