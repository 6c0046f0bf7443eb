// npm run cli -- <command>: ops commands on the configured database (DATABASE_URL, or the embedded one in
// DATA_DIR: stop `npm start` first, the embedded database has one user at a time). `--help` lists them.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pino from 'pino';
import { AppModule } from '../src/app.module';
import { AppConfig, ConfigError } from '../src/config/app-config';
import { AssistPipelineService, RunOutcome } from '../src/modules/assist/application/assist-pipeline.service';
import { ExplainService, TicketStory } from '../src/modules/assist/application/explain.service';
import { TrainingLinkCheck } from '../src/modules/assist/application/training-links.service';
import { SyncRunsService } from '../src/modules/knowledge-base/application/sync-runs.service';
import { SolvedTicketSyncCounts } from '../src/modules/knowledge-base/domain/solved-ticket';
import { MacroSyncCounts, SyncRun } from '../src/modules/knowledge-base/domain/sync-run';
import { OrganizationsService } from '../src/modules/organizations/application/organizations.service';
import { Organization } from '../src/modules/organizations/domain/organization';
import { DomainError } from '../src/shared/errors/domain.error';
import { Keyset } from '../src/shared/pagination/page';
import { createRootLogger } from '../src/shared/observability/logger';
import { installProcessGuards } from '../src/shared/observability/process-guards';

const USAGE = `usage: npm run cli -- <command> [options]

commands:
  sync --org <id>                              sync the organization's Zendesk Help Center now (and its macros and
                                               solved tickets, when they are on)
  explain --org <id> --ticket <id> [--json]    the ticket's story: webhooks and their signature verdicts,
                                               decisions with their evidence, tags applied, notes posted and
                                               whether each note's training link still opens
  replay --org <id> --ticket <id> [--dry-run]  run the ticket through the pipeline again now, past the dedupe
                                               window (a new note even if one was posted for this comment);
                                               --dry-run prints the decision and the note and writes nothing,
                                               neither to Zendesk nor to the decision log
  orgs list                                    every organization: id, name, Zendesk URL, assist on or off

exit codes: 0 done, 1 failed (sync failed, replay decision failed, unknown organization), 2 usage error`;

type Command =
  | { name: 'help' }
  | { name: 'sync'; org: string }
  | { name: 'explain'; org: string; ticket: string; json: boolean }
  | { name: 'replay'; org: string; ticket: string; dryRun: boolean }
  | { name: 'orgs list' };

class UsageError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TICKET_ID = /^[1-9]\d{0,18}$/;

function parseCommand(args: string[]): Command {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      org: { type: 'string' },
      ticket: { type: 'string' },
      json: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const name = positionals.join(' ');
  if (values.help || name === 'help') return { name: 'help' };
  const org = () => {
    if (!values.org || !UUID.test(values.org)) throw new UsageError('--org <organization id> is required (a UUID)');
    return values.org;
  };
  const ticket = () => {
    if (!values.ticket || !TICKET_ID.test(values.ticket)) throw new UsageError('--ticket <Zendesk ticket id> is required (a positive integer)');
    return values.ticket;
  };
  switch (name) {
    case 'sync':
      return { name, org: org() };
    case 'explain':
      return { name, org: org(), ticket: ticket(), json: values.json };
    case 'replay':
      return { name, org: org(), ticket: ticket(), dryRun: values['dry-run'] };
    case 'orgs list':
      return { name };
    default:
      throw new UsageError(name ? `unknown command "${name}"` : 'a command is required');
  }
}

async function main(): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(process.argv.slice(2));
  } catch (error) {
    // parseArgs throws TypeErrors for unknown or malformed options.
    if (!(error instanceof UsageError || error instanceof TypeError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.name === 'help') {
    console.log(USAGE);
    return 0;
  }
  // Only `sync` works the queues (its run may be taken by this process); the others must not pick up
  // webhooks' jobs while they look at a ticket.
  const config = AppConfig.load(command.name === 'sync' ? process.env : { ...process.env, WORKER_ENABLED: 'false' });
  // Logs go to stderr, so that stdout is the command's answer (`explain --json | jq`).
  const logger = createRootLogger({ level: 'error', destination: pino.destination(2) });
  // A sync waits on the queue: a pg-boss write lost to a database blip must not end it halfway.
  installProcessGuards();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, logger), { logger: ['error'] });
  await app.init();
  try {
    return await run(app, command);
  } catch (error) {
    // Unknown organization and the like: a one-line answer, not a stack trace.
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    return 1;
  } finally {
    await app.close();
  }
}

async function run(app: INestApplicationContext, command: Exclude<Command, { name: 'help' }>): Promise<number> {
  switch (command.name) {
    case 'sync':
      return sync(app.get(SyncRunsService), command.org);
    case 'explain': {
      const story = await app.get(ExplainService).story(command.org, command.ticket);
      console.log(command.json ? JSON.stringify(story, null, 2) : storyText(story));
      return 0;
    }
    case 'replay': {
      const outcome = await app.get(AssistPipelineService).replay(command.org, command.ticket, { dryRun: command.dryRun });
      console.log(replayText(command.ticket, command.dryRun, outcome));
      return outcome.outcome === 'failed' ? 1 : 0;
    }
    case 'orgs list':
      console.log(organizationsText(await allOrganizations(app.get(OrganizationsService))));
      return 0;
  }
}

async function sync(runs: SyncRunsService, organizationId: string): Promise<number> {
  const started = Date.now();
  let run = await runs.request(organizationId, 'cli');
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  for (let tick = 0; run.status === 'queued' || run.status === 'running'; tick++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    run = await runs.get(organizationId, run.id);
    progress(`${frames[tick % frames.length]} ${run.status} ${run.mode ?? ''} ${countsLine(run)}`);
  }
  progress('');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Sync ${run.id} ${run.status} (${run.mode ?? 'no help center'}) in ${seconds} s`);
  console.log(`  ${countsLine(run)}`);
  if (run.counts.macros) console.log(`  macros: ${macroCountsLine(run.counts.macros)}`);
  if (run.counts.solvedTickets) console.log(`  solved tickets: ${solvedTicketCountsLine(run.counts.solvedTickets)}`);
  for (const problem of run.problems.slice(0, 20)) console.log(`  article ${problem.articleId} (${problem.locale}): ${problem.reason}${problem.detail ? `: ${problem.detail}` : ''}`);
  if (run.error) console.log(`  error: ${run.error}`);
  return run.status === 'succeeded' ? 0 : 1;
}

const countsLine = ({ counts: c }: SyncRun) =>
  `fetched ${c.fetched} · added ${c.added} · updated ${c.updated} · removed ${c.removed} · unchanged ${c.unchanged} · embedded ${c.embedded} · skipped ${c.skipped}`;

const macroCountsLine = (m: MacroSyncCounts) =>
  `fetched ${m.fetched} · added ${m.added} · updated ${m.updated} · removed ${m.removed} · unchanged ${m.unchanged} · excluded ${m.excluded}`;

const solvedTicketCountsLine = (s: SolvedTicketSyncCounts) =>
  `fetched ${s.fetched} · added ${s.added} · updated ${s.updated} · removed ${s.removed} · without a substantive reply ${s.skipped}`;

// One line redrawn in place on a terminal; plain lines when the output is a file or a pipe.
function progress(line: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${line}`);
}

function storyText(story: TicketStory): string {
  const lines = [`Ticket ${story.ticketId} of ${story.organization.name} (${story.organization.id})`, '', `Webhooks (${story.webhooks.length})`];
  for (const w of story.webhooks) {
    lines.push(`  ${iso(w.receivedAt)}  ${w.verdict.padEnd(17)}  ${w.eventId ? `event ${w.eventId}` : `signature timestamp ${w.signatureTimestamp ?? 'none'}`}`);
  }
  lines.push('', `Decisions (${story.decisions.length})`);
  for (const d of story.decisions) {
    const source = d.replay ? 'replay' : `event ${d.eventId ?? 'none'}`;
    lines.push(`  ${iso(d.at)}  ${d.outcome} ${d.reason}  comment ${d.commentId ?? 'none'}  ${source}`);
    if (d.tagsApplied.length > 0) lines.push(`      tags applied: ${d.tagsApplied.join(', ')}`);
    lines.push(...evidenceLines(d.evidence).map((line) => `      ${line}`));
  }
  lines.push('', `Tags applied: ${story.tagsApplied.join(', ') || 'none'}`, '', `Notes (${story.notes.length})`);
  for (const n of story.notes) {
    const posted = n.postedAt ? `posted ${iso(n.postedAt)} as Zendesk comment ${n.zendeskCommentId ?? 'unknown'}` : 'not posted';
    lines.push(`  suggestion ${n.suggestionId} for comment ${n.commentId}: ${posted}, ${n.sourced ? 'sourced' : 'not sourced'}`);
    lines.push(`      training link: ${trainingLinkText(n.trainingLink)}`);
    if (n.acceptance) {
      const reply = n.acceptance.agentCommentId ? `reply ${n.acceptance.agentCommentId}` : 'solved without a public reply';
      lines.push(`      rep's answer: ${n.acceptance.acceptance} (similarity ${n.acceptance.similarity}, ${reply}, judged ${iso(n.acceptance.judgedAt)})`);
    }
  }
  return lines.join('\n');
}

// Every fact as `key: value`, the topics each with its reason as recorded; the retrieval list as one line per
// article, best first.
function evidenceLines(evidence: Record<string, unknown>): string[] {
  const lines = Object.entries(evidence)
    .filter(([key]) => key !== 'retrieval' && key !== 'replay')
    .map(([key, value]) => `${key}: ${key === 'topics' && Array.isArray(value) ? topicsText(value) : typeof value === 'string' ? value : JSON.stringify(value)}`);
  const retrieval = Array.isArray(evidence.retrieval) ? (evidence.retrieval as Record<string, unknown>[]) : [];
  for (const p of retrieval.slice(0, 5)) {
    lines.push(`retrieval: ${p.externalId} "${p.title}" score ${p.score} · bm25 ${p.bm25} · similarity ${p.similarity} · coverage ${p.coverage} · title ${p.titleCoverage}`);
  }
  return lines;
}

function topicsText(topics: { name?: unknown; noAssist?: unknown; because?: unknown }[]): string {
  if (topics.length === 0) return 'none matched';
  return topics.map((t) => `${String(t.name)}${t.noAssist ? ' (no-assist)' : ''} because ${String(t.because)}`).join('; ');
}

function trainingLinkText(link: TrainingLinkCheck | null): string {
  if (!link) return 'none in the note';
  const expiry = link.expiresAt ? ` (expires ${iso(link.expiresAt)})` : '';
  const elsewhere = link.onThisService ? '' : ', points to another address than PUBLIC_BASE_URL';
  return `${link.verdict}${expiry}${elsewhere}: ${link.url}`;
}

function replayText(ticketId: string, dryRun: boolean, outcome: RunOutcome): string {
  const lines = [
    `Replay of ticket ${ticketId}${dryRun ? ' (dry run: nothing written to Zendesk or to the decision log)' : ''}`,
    `Decision: ${outcome.outcome} ${outcome.reason}  comment ${outcome.commentId ?? 'none'}`,
  ];
  if (outcome.tagsApplied.length > 0) lines.push(`Tags ${dryRun ? 'that would be applied' : 'applied'}: ${outcome.tagsApplied.join(', ')}`);
  lines.push(...evidenceLines(outcome.evidence).map((line) => `  ${line}`));
  if (outcome.noteHtml) {
    lines.push(dryRun ? 'Note that would be posted:' : `Note posted (suggestion ${outcome.suggestionId}):`, outcome.noteHtml);
  }
  return lines.join('\n');
}

async function allOrganizations(organizations: OrganizationsService): Promise<Organization[]> {
  const all: Organization[] = [];
  let after: Keyset | undefined;
  do {
    const page = await organizations.list({ limit: 100, after });
    all.push(...page.items);
    after = page.next ?? undefined;
  } while (after);
  return all;
}

function organizationsText(organizations: Organization[]): string {
  if (organizations.length === 0) return 'No organizations.';
  return organizations
    .map((o) => [o.id, o.settings.assistEnabled ? 'assist on ' : 'assist off', o.zendeskBaseUrl, o.name].join('  '))
    .join('\n');
}

const iso = (date: Date | string) => new Date(date).toISOString();

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  },
);
