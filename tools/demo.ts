// npm run demo: a Zendesk simulator, the service on an embedded database (or DATABASE_URL), an organization
// with a few help-center articles, a macro, a solved ticket and a no-assist topic, seven tickets, and what Assist did
// with each.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convert } from 'html-to-text';
import { AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { HELP_CENTER, SIGNING_SECRET, SOLVED_ESPRESSO_LEAK } from '../test/support/assist-fixture';
import { ZendeskSimulator } from '../test/support/zendesk-simulator';

const ADMIN_TOKEN = 'demo-admin-token-0123456789';

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-demo-'));
  const zendesk = await ZendeskSimulator.start();
  // A known port up front, so the webhook and training links in the notes point at this instance.
  const port = Number(process.env.PORT ?? (await freePort()));
  const config = AppConfig.load({
    ...process.env,
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    SECRETS_KEY: 'demo-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    PORT: String(port),
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? `http://127.0.0.1:${port}`,
  });
  const app = await createApp(config, { logger: false });
  await app.listen(port, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };

  try {
    console.log(`Zendesk simulator at ${zendesk.baseUrl}, Assist at ${baseUrl}\n`);
    const organization = await admin('POST', '/admin/organizations', {
      name: 'Acme (demo)',
      zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' },
      webhookSigningSecret: SIGNING_SECRET,
    });
    await admin('PATCH', `/admin/organizations/${organization.id}/settings`, { assistEnabled: true, respondOnlyWithPotentialAnswers: true });
    console.log('Help center:', await admin('POST', `/admin/organizations/${organization.id}/knowledge/articles`, { articles: HELP_CENTER }));
    await admin('POST', `/admin/organizations/${organization.id}/topics`, {
      name: 'Legal',
      description: 'Legal threats',
      keywords: ['lawyer', 'lawsuit'],
      noAssist: true,
    });
    // A macro the team applies every day: synced as knowledge, and suggested on the ticket it answers.
    zendesk.addMacro({ title: 'Damaged item: refund', comment: 'We are sorry your item arrived damaged. Reply with a photo of the damage and we refund the full price within 5 business days; no need to send it back.' });
    // A ticket an agent solved last week, with the customer's personal data in it: synced as a past answer, its
    // names, email, phone and card number removed before anything is stored (the incremental export is for admins).
    zendesk.setApiUserRole('admin');
    zendesk.seedSolvedTicket({ ...SOLVED_ESPRESSO_LEAK, solvedSecondsAgo: 7 * 24 * 3600 });
    await admin('PATCH', `/admin/organizations/${organization.id}/settings`, { macrosEnabled: true, solvedTicketsEnabled: true });
    const sync = await admin('POST', `/admin/organizations/${organization.id}/help-center/sync`);
    const synced = await waitFor(async () => [await admin('GET', `/admin/organizations/${organization.id}/help-center/sync/${sync.id}`)].filter((run) => run.finishedAt));
    console.log('Macros:', synced[0].counts.macros);
    console.log('Solved tickets:', synced[0].counts.solvedTickets);

    const tickets = [
      zendesk.createTicket({
        subject: 'Locked out',
        body: 'Hi, I forgot my password and cannot sign in. How can I reset it? Thanks, Maria',
        requesterId: zendesk.addUser({ name: 'Maria Lopez', role: 'end-user' }).id,
      }),
      zendesk.createTicket({ subject: 'Order 1234', body: 'How long does delivery take, and will I get a tracking number?' }),
      zendesk.createTicket({ subject: 'Refund', body: 'My lawyer says I am owed a refund.' }),
      zendesk.createTicket({ subject: 'Sponsoring', body: 'Do you sponsor amateur football clubs?' }),
      zendesk.createTicket({ subject: 'Thanks', body: 'All sorted, thank you!', status: 'solved' }),
      zendesk.createTicket({ subject: 'Damaged item', body: 'My order arrived today and the item is damaged. Can I get a refund?' }),
      zendesk.createTicket({ subject: 'Water under my coffee machine', body: 'There is water leaking under the drip tray of my espresso machine. What can I do?' }),
    ];
    for (const ticket of tickets) await zendesk.fireWebhook(organization.webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });

    for (const ticket of tickets) {
      const decisions = await waitFor(() => admin('GET', `/admin/organizations/${organization.id}/tickets/${ticket.id}/decisions`));
      const [decision] = decisions;
      console.log(`\n━━ Ticket #${ticket.id} "${ticket.subject}": ${decision.outcome} (${decision.reason})`);
      if (decision.tagsApplied.length) console.log(`   tags added: ${decision.tagsApplied.join(', ')}`);
      for (const note of zendesk.getTicket(ticket.id).comments.filter((c) => !c.public)) {
        console.log(convert(note.html_body, { wordwrap: 100 }).replace(/^/gm, '   │ '));
      }
    }
    if (process.argv.includes('--keep')) {
      // The links in the notes work while it runs: the training page, and the console with the operator token.
      console.log(`\nAdmin console: ${baseUrl}/console/organizations/${organization.id} (sign in with ${ADMIN_TOKEN})`);
      console.log('Open the "Train this answer" links above in a browser. Ctrl-C stops the demo.');
      await new Promise((resolve) => process.once('SIGINT', resolve));
    }
  } finally {
    await app.close();
    await zendesk.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(read: () => Promise<unknown[]>): Promise<any[]> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const items = await read();
    if (items.length > 0) return items as any[];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('No decision after 20 s');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
