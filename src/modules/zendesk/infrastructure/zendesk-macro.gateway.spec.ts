import { Logger } from '@nestjs/common';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { rejectionOf } from '../../../../test/support/rejection';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { macroProblem, toMacro, ZendeskMacroGateway } from './zendesk-macro.gateway';
import { RetryPolicy } from './zendesk-http';

describe('toMacro: a Zendesk macro as the knowledge-base sync reads it', () => {
  const macro = (overrides: Record<string, unknown>) => toMacro({ id: 7, title: 'Refunds', updated_at: '2026-11-01T10:00:00Z', ...overrides });

  it('reads the comment of comment_value, plain or [channel, text], as escaped HTML paragraphs', () => {
    expect(macro({ actions: [{ field: 'comment_value', value: 'Hi <there>,\n\nSend us a photo.\nThanks' }] }).commentHtml).toBe(
      '<p>Hi &#60;there&#62;,</p>\n<p>Send us a photo.<br>Thanks</p>',
    );
    expect(macro({ actions: [{ field: 'comment_value', value: ['channel:all', 'Refunded.'] }] }).commentHtml).toBe('<p>Refunded.</p>');
  });

  it('takes comment_value_html as HTML, ignores actions that add no comment, and has no comment when none does', () => {
    const actions = [
      { field: 'status', value: 'solved' },
      { field: 'comment_value_html', value: '<p>Your <b>refund</b> is on its way.</p>' },
    ];
    expect(macro({ actions }).commentHtml).toBe('<p>Your <b>refund</b> is on its way.</p>');
    expect(macro({ actions: [{ field: 'status', value: 'solved' }] }).commentHtml).toBeNull();
    expect(macro({ actions: [{ field: 'comment_value', value: '   ' }] }).commentHtml).toBeNull();
    expect(macro({ actions: null }).commentHtml).toBeNull();
  });

  it('maps the restriction (null: shared), the description, the 30-day usage and exact ids', () => {
    expect(macro({ restriction: null })).toMatchObject({ id: '7', restriction: null, description: null, usage30d: null });
    expect(macro({ restriction: { type: 'Group', id: 4, ids: [4, 5] } }).restriction).toEqual({ type: 'Group', ids: ['4', '5'] });
    expect(macro({ restriction: { type: 'User', id: 9 } }).restriction).toEqual({ type: 'User', ids: ['9'] });
    expect(macro({ id: '12345678901234567890', description: 'For damaged goods', usage_30d: 12 })).toMatchObject({
      id: '12345678901234567890',
      description: 'For damaged goods',
      usage30d: 12,
    });
  });
});

describe('macroProblem: what makes a listed macro unreadable', () => {
  const problem = (overrides: Record<string, unknown>) => macroProblem({ id: 7, title: 'Refunds', updated_at: '2026-11-01T10:00:00Z', ...overrides });

  it('reads a macro with a numeric id, or the digits of one beyond 2^53, and text or null fields', () => {
    expect(problem({})).toBeNull();
    expect(problem({ id: '12345678901234567890', title: null, description: null, actions: null, restriction: 'odd' })).toBeNull();
  });

  it.each([
    [{ id: undefined }, 'no Zendesk id'],
    [{ id: 'abc' }, 'no Zendesk id'],
    [{ id: -3 }, 'no Zendesk id'],
    [{ id: 1.5 }, 'no Zendesk id'],
    [{ title: 42 }, 'title is not text'],
    [{ title: { text: 'x' } }, 'title is not text'],
    [{ description: ['x'] }, 'description is not text'],
    [{ updated_at: undefined }, 'updated_at is not a time'],
    [{ updated_at: 'yesterday' }, 'updated_at is not a time'],
    [{ actions: 'comment_value' }, 'actions is not a list of actions'],
    [{ actions: [null] }, 'actions is not a list of actions'],
  ])('refuses %j: %s', (overrides, reason) => {
    expect(problem(overrides)).toBe(reason);
  });
});

describe('ZendeskMacroGateway: the active macros, page by page, against the Zendesk simulator', () => {
  let zendesk: ZendeskSimulator;
  let account: ZendeskAccount;
  const sut = () => new ZendeskMacroGateway(new FakeRequestGuard(), new RetryPolicy({ attempts: 2, backoffMs: 5, maxWaitMs: 50, timeoutMs: 1000 }));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    zendesk = await ZendeskSimulator.start();
    account = { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' };
  });
  afterAll(() => zendesk.close());

  it('follows links.next while meta.has_more, asking for 100 a page and the 30-day usage, and lists only active macros', async () => {
    for (let i = 0; i < 150; i++) zendesk.addMacro({ title: `Macro ${i}`, comment: `Answer ${i}`, usage30d: i });
    zendesk.addMacro({ title: 'Retired', comment: 'Old answer', active: false });
    const gateway = sut();

    const first = await gateway.listActiveMacros(account, null);
    const second = await gateway.listActiveMacros(account, first.next);

    expect(first.macros).toHaveLength(100);
    expect(first.next).toEqual(expect.stringContaining('/api/v2/macros/active.json'));
    expect(second.macros).toHaveLength(50);
    expect(second.next).toBeNull();
    expect(second.macros.at(-1)).toMatchObject({ title: 'Macro 149', commentHtml: '<p>Answer 149</p>', usage30d: 149 });
    const requests = zendesk.requests.filter((r) => r.path === '/api/v2/macros/active.json');
    expect(requests.map((r) => r.query.include)).toEqual(['usage_30d', 'usage_30d']);
    expect(requests[1].query['page[after]']).toBe(first.macros.at(-1)!.id);
  });

  it('leaves out and reports the macros it cannot read, and maps the rest', async () => {
    const macros = [
      { id: 1, title: 'Good', updated_at: '2026-11-01T10:00:00Z', actions: [{ field: 'comment_value', value: 'Fine' }] },
      { title: 'No id', updated_at: '2026-11-01T10:00:00Z' },
      { id: 'x1', title: 'Odd id', updated_at: '2026-11-01T10:00:00Z' },
      { id: 3, title: 99, updated_at: '2026-11-01T10:00:00Z' },
      'not a macro',
    ];
    zendesk.failNext(1, { status: 200, body: { macros, meta: { has_more: false }, links: { next: null } } });

    const page = await sut().listActiveMacros(account, null);

    expect(page.macros).toEqual([expect.objectContaining({ id: '1', title: 'Good', commentHtml: '<p>Fine</p>' })]);
    expect(page.malformed).toEqual([
      { id: null, reason: 'no Zendesk id' },
      { id: null, reason: 'no Zendesk id' },
      { id: '3', reason: 'title is not text' },
      { id: null, reason: 'not an object' },
    ]);
    expect(page.next).toBeNull();
  });

  it.each([
    ['cut-short JSON', { raw: '{"macros":[{"id":1,"title":"Ref' }, /not JSON \(cut short or malformed\)/],
    ['an HTML page', { raw: '<!DOCTYPE html><html><body>Maintenance</body></html>' }, /not JSON \(an HTML page\)/],
    ['macros not a list', { body: { macros: { id: 1 }, meta: { has_more: false }, links: { next: null } } }, /"macros" is not a list/],
    ['null meta', { body: { macros: [], meta: null, links: null } }, /"meta.has_more" is missing/],
    ['more pages without a next link', { body: { macros: [], meta: { has_more: true }, links: null } }, /no "links.next"/],
    ['a next link that is no URL', { body: { macros: [], meta: { has_more: true }, links: { next: 'page 2' } } }, /no "links.next"/],
  ])('fails the read with a ZendeskError saying what was wrong on %s', async (_, fault, message) => {
    zendesk.failNext(1, { status: 200, ...fault });

    const error = await rejectionOf(sut().listActiveMacros(account, null), ZendeskError);

    expect(error.message).toMatch(/^Zendesk GET \/api\/v2\/macros\/active\.json: /);
    expect(error.message).toMatch(message);
  });

  it('never follows a next page on another host with the account credentials', async () => {
    const error = await rejectionOf(sut().listActiveMacros(account, 'https://elsewhere.example/api/v2/macros/active.json?page[after]=1'), ZendeskError);
    expect(error.code).toBe(ZendeskErrorCode.Rejected);
  });
});
