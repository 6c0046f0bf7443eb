import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { expectOnlyPrivateNotesAndAddedTags, SIGNING_SECRET, setUpOrganization, waitForDecisions } from '../support/assist-fixture';
import { startTestApp, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// Two articles a data question and a security question find alike: both name the account, its admins and its
// settings. The 2FA article's sections answer different questions: a search can find it twice.
const ARTICLES = [
  {
    externalId: '201',
    title: 'Export your account data',
    body:
      '<p>Admins can export all of the account data from Settings at any time, as CSV or JSON files.</p>' +
      '<h2>Start an export</h2><p>To export your account data:</p><ol><li>Open Settings, then Data.</li><li>Click Export and choose CSV or JSON.</li></ol>' +
      '<h2>Download the export</h2><p>The export arrives by email within an hour. The download link in the email is valid for 7 days.</p>',
    url: 'https://help.acme.test/hc/en-us/articles/201',
    locale: 'en-us',
  },
  {
    externalId: '202',
    title: 'Two-factor authentication (2FA)',
    body:
      '<p>Two-factor authentication (2FA) asks for a code from your phone each time you sign in to your account.</p>' +
      '<h2>Enable 2FA</h2><p>To enable 2FA for your account:</p><ol><li>Open Settings, then Security.</li><li>Scan the QR code with an authenticator app and enter the 6-digit code.</li></ol>' +
      '<h2>Require 2FA for admins</h2><p>Account owners can require 2FA for all admins from Settings, Security.</p>' +
      '<h2>2FA and exports</h2><p>Exports are not affected: an export still arrives by email.</p>',
    url: 'https://help.acme.test/hc/en-us/articles/202',
    locale: 'en-us',
  },
];

// A follow-up on another subject, after our note and before any rep replied: both customer comments are
// unanswered, the latest decides what the draft answers. Full-text scores differ between PGlite and
// PostgreSQL, so the case runs on both.
describe.each([
  ['PostgreSQL', false],
  ['embedded PGlite', true],
])('A follow-up comment on another subject (%s)', (_, embedded) => {
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-follow-up-'));

  // The embedded database boots PGlite and runs every migration in WebAssembly: slow on a busy machine.
  beforeAll(async () => {
    zendesk = await ZendeskSimulator.start();
    test = await startTestApp({ embedded, env: embedded ? { DATA_DIR: dataDir } : {} });
  }, 90_000);
  afterAll(async () => {
    await test?.close();
    await zendesk?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('gets a second note citing the article on the latest question, each article once in the evidence', async () => {
    const { organizationId, webhookUrl, auth } = await setUpOrganization(test, zendesk);
    await request(test.baseUrl).post(`/admin/organizations/${organizationId}/knowledge/articles`).set(auth).send({ articles: ARTICLES }).expect(200);
    const notesOn = (ticketId: number) => zendesk.getTicket(ticketId).comments.filter((comment) => !comment.public);

    const ticket = zendesk.createTicket({ subject: 'Exporting our account data', body: 'Hi, how do I export all of our account data as a CSV file?' });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    const [first] = await waitForDecisions(test, organizationId, ticket.id);
    expect(first).toMatchObject({ outcome: 'suggested' });
    expect(notesOn(ticket.id)[0].html_body).toContain('href="https://help.acme.test/hc/en-us/articles/201"');

    zendesk.addComment(ticket.id, { authorId: ticket.requester_id, body: 'Thanks! And how do we enable 2FA on our account?' });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    const decisions = await waitForDecisions(test, organizationId, ticket.id, 2);
    const second = decisions.find((decision) => decision.commentId !== first.commentId)!;
    expect(second).toMatchObject({ outcome: 'suggested' });
    const note = notesOn(ticket.id)[1];
    expect(note.html_body).toContain('href="https://help.acme.test/hc/en-us/articles/202"');
    expect(note.html_body).not.toContain('articles/201');
    expect(note.html_body).toContain('Scan the QR code');

    const retrieval = second.evidence.retrieval as { externalId: string }[];
    expect(retrieval[0].externalId).toBe('202');
    expect(new Set(retrieval.map((fact) => fact.externalId)).size).toBe(retrieval.length);
    expect(note.html_body.split('href="https://help.acme.test/hc/en-us/articles/202"')).toHaveLength(2);
    expectOnlyPrivateNotesAndAddedTags(zendesk);
  }, 90_000);

  // After a rep's public reply the earlier question is answered, but a short follow-up only makes sense with it:
  // the same words continue two conversations, each is drafted from its own conversation's article.
  it('reads a short follow-up after a rep replied in the conversation it continues', async () => {
    const { organizationId, webhookUrl, auth } = await setUpOrganization(test, zendesk);
    await request(test.baseUrl).post(`/admin/organizations/${organizationId}/knowledge/articles`).set(auth).send({ articles: ARTICLES }).expect(200);
    const followUp = 'OK. Where is that in Settings, exactly?';
    const citedAfter = async (question: string): Promise<string> => {
      const ticket = zendesk.createTicket({ subject: '', body: question });
      zendesk.addComment(ticket.id, { authorId: zendesk.agentId, body: 'Happy to help: see our help center.' });
      zendesk.addComment(ticket.id, { authorId: ticket.requester_id, body: followUp });
      await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
      const [decision] = await waitForDecisions(test, organizationId, ticket.id);
      expect(decision).toMatchObject({ outcome: 'suggested' });
      return (decision.evidence.retrieval as { externalId: string }[])[0].externalId;
    };

    expect(await citedAfter('Can I get a copy of all our account data as a CSV file?')).toBe('201');
    expect(await citedAfter('Can our team sign in with two-factor authentication?')).toBe('202');
    expectOnlyPrivateNotesAndAddedTags(zendesk);
  }, 90_000);
});
