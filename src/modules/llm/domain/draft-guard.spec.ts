import { buildPassage } from '../../../../test/support/passage-builder';
import { ADDRESS_REMOVED, guardDraft, LINK_REMOVED, MAX_COPIED_INTERNAL_WORDS } from './draft-guard';

const PLAYBOOK =
  'Refund overrides are approved by a team lead only. Open the billing console, search the order number, choose Override and enter ' +
  'the reason code R7 for goodwill or R9 for fraud. Never grant more than two overrides to one customer in a year, and log every override ' +
  'in the escalation sheet before you reply.';

const publicArticle = buildPassage('a1', 'Refunds', 'Refunds take 5 days. Status: https://status.acme.test/incidents. Write to billing@acme.test.', {
  url: 'https://help.acme.test/hc/en-us/articles/1',
});
const internalArticle = buildPassage('a2', 'Refund overrides', PLAYBOOK, { url: 'https://help.acme.test/hc/en-us/articles/2', visibility: 'internal' });
const trainingAnswer = buildPassage('t1', 'Answer written by your team', 'Use the form at www.acme.test/returns-form.', { url: '' });
const context = { passages: [publicArticle, internalArticle, trainingAnswer], organizationHosts: ['acme.zendesk.com'] };

const guard = (reply: string) => guardDraft(reply, context);

describe('guardDraft', () => {
  describe('links and addresses', () => {
    it.each([
      ['http URL, trailing full stop kept', 'Visit http://evil.example.', `Visit ${LINK_REMOVED}.`, ['http://evil.example']],
      ['https URL with path and query', 'Go to https://evil.example/reset?u=1 now', `Go to ${LINK_REMOVED} now`, ['https://evil.example/reset?u=1']],
      ['bare www. host', 'See www.evil.example, then reply.', `See ${LINK_REMOVED}, then reply.`, ['www.evil.example']],
      ['uppercase scheme and host', 'Open HTTPS://EVIL.EXAMPLE/X!', `Open ${LINK_REMOVED}!`, ['HTTPS://EVIL.EXAMPLE/X']],
      ['no space before the scheme', 'linkhttps://evil.example', `link${LINK_REMOVED}`, ['https://evil.example']],
      ['in parentheses', '(see https://evil.example/a)', `(see ${LINK_REMOVED})`, ['https://evil.example/a']],
      ['markdown link keeps its words', 'Please [reset it here](https://evil.example/r).', `Please reset it here ${LINK_REMOVED}.`, ['https://evil.example/r']],
      ['markdown link whose words are the URL', '[https://evil.example](https://evil.example)', LINK_REMOVED, ['https://evil.example']],
      ['our host as a subdomain of theirs', 'https://help.acme.test.evil.example/hc', LINK_REMOVED, ['https://help.acme.test.evil.example/hc']],
      ['our host as userinfo before theirs', 'https://help.acme.test@evil.example/', `${LINK_REMOVED}`, ['https://help.acme.test@evil.example/']],
      ['IDN lookalike of our host (Cyrillic е)', 'https://hеlp.acme.test/hc', LINK_REMOVED, ['https://hеlp.acme.test/hc']],
      ['email address', 'Mail evil@evil.example.', `Mail ${ADDRESS_REMOVED}.`, ['evil@evil.example']],
      ['mailto markdown link', '[write us](mailto:evil@evil.example)', `write us ${LINK_REMOVED}`, ['mailto:evil@evil.example']],
      ['another page of a host only linked from a passage', 'https://status.acme.test/admin', LINK_REMOVED, ['https://status.acme.test/admin']],
      ["a solved ticket's agent link on the Zendesk host", 'See https://acme.zendesk.com/agent/tickets/42.', `See ${LINK_REMOVED}.`, ['https://acme.zendesk.com/agent/tickets/42']],
      ['the agent interface, any case', 'HTTPS://ACME.ZENDESK.COM/Agent', LINK_REMOVED, ['HTTPS://ACME.ZENDESK.COM/Agent']],
    ])('removes a %s', (_, reply, expected, removed) => {
      expect(guard(reply)).toEqual({ refused: false, reply: expected, removed });
    });

    it.each([
      ['an article page', 'Read https://help.acme.test/hc/en-us/articles/1.'],
      ['any page on a help-center host', 'Read HTTPS://Help.Acme.Test/hc/en-us/sections/9'],
      ['a page on the Zendesk host', 'Track it at https://acme.zendesk.com/hc/requests'],
      ['a link written in a public article, http for https, trailing slash', 'See http://status.acme.test/incidents/ for news.'],
      ['a link written in a training answer, as a markdown link', 'Use [the form](https://www.acme.test/returns-form).'],
      ['an address written in an article, any case', 'Write to Billing@Acme.test.'],
      ['an address on the Zendesk host', 'Write to support@acme.zendesk.com'],
    ])('keeps %s', (_, reply) => {
      expect(guard(reply)).toEqual({ refused: false, reply, removed: [] });
    });

    it('reports each removed link once, at most 10, each at most 120 characters', () => {
      const links = Array.from({ length: 12 }, (_, i) => `https://evil${i}.example/${'x'.repeat(200)}`);
      const verdict = guard([...links, links[0]].join(' '));
      expect(verdict).toMatchObject({ refused: false, removed: links.slice(0, 10).map((link) => link.slice(0, 120)) });
      expect(verdict.refused === false && verdict.reply).toBe(Array(13).fill(LINK_REMOVED).join(' '));
    });
  });

  describe('copies of internal articles', () => {
    const words = PLAYBOOK.split(' ');
    const copied = (count: number) => words.slice(3, 3 + count).join(' ');

    it(`refuses ${MAX_COPIED_INTERNAL_WORDS} consecutive words, saying how many, from which article, and how it starts`, () => {
      expect(guard(`Hello,\n\n${copied(MAX_COPIED_INTERNAL_WORDS)}\n\nBest`)).toEqual({
        refused: true,
        because: `${MAX_COPIED_INTERNAL_WORDS} consecutive words copied from internal article a2 ("approved by a team lead only open the billing console search the…")`,
      });
    });

    it('counts the whole run, whatever the case, punctuation, spacing and line breaks', () => {
      const reworded = copied(40).toUpperCase().replace(/ /g, '\n  ').replace(/,/g, ' ;');
      expect(guard(reworded)).toMatchObject({ refused: true, because: expect.stringMatching(/^40 consecutive words copied from internal article a2/) });
    });

    it('refuses a restricted article too, and a copy spanning two of its passages', () => {
      const [first, second] = [words.slice(0, 20).join(' '), words.slice(20).join(' ')];
      const restricted = (id: string, body: string) => buildPassage('a9', 'Refund overrides', body, { visibility: 'restricted', articleId: 'a9', externalId: id });
      const verdict = guardDraft(copied(35), { passages: [restricted('x1', first), restricted('x2', second)], organizationHosts: [] });
      expect(verdict).toMatchObject({ refused: true, because: expect.stringContaining('restricted article a9') });
    });

    it('passes a shorter copy, and any length of a public article', () => {
      expect(guard(copied(MAX_COPIED_INTERNAL_WORDS - 1))).toMatchObject({ refused: false });
      const publicCopy = buildPassage('a3', 'Overrides', PLAYBOOK);
      expect(guardDraft(PLAYBOOK, { passages: [publicCopy], organizationHosts: [] })).toEqual({ refused: false, reply: PLAYBOOK, removed: [] });
    });
  });
});
