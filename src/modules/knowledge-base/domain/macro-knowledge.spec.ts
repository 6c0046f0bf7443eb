import { ZendeskMacro } from '../../zendesk/domain/macro';
import { articleContentHash } from './article';
import { macroArticle, macroExclusion } from './macro-knowledge';

const macro = (overrides: Partial<ZendeskMacro> = {}): ZendeskMacro => ({
  id: '42',
  title: 'Billing::Refund for a damaged item',
  description: 'Use when the customer sends a photo',
  commentHtml: '<p>Hi {{ticket.requester.first_name}},</p><p>We refund the full price.</p>',
  restriction: null,
  usage30d: 3,
  updatedAt: '2026-11-01T10:00:00Z',
  ...overrides,
});

describe('macroExclusion: which macros the knowledge base takes in', () => {
  it('takes shared macros that add a comment', () => {
    expect(macroExclusion(macro(), false)).toBeNull();
  });

  it('keeps out macros that add no comment, or only placeholders', () => {
    expect(macroExclusion(macro({ commentHtml: null }), true)).toBe('no_comment');
    expect(macroExclusion(macro({ commentHtml: '{{dc.greeting}}' }), true)).toBe('no_comment');
  });

  it('keeps out group and personal macros unless the organization opted in', () => {
    for (const restriction of [{ type: 'Group' as const, ids: ['4'] }, { type: 'User' as const, ids: ['9'] }]) {
      expect(macroExclusion(macro({ restriction }), false)).toBe('restricted');
      expect(macroExclusion(macro({ restriction }), true)).toBeNull();
    }
  });
});

describe('macroArticle: a macro as a knowledge-base article', () => {
  it('is keyed apart from help-center articles, has no URL, is public, and drops placeholders', () => {
    expect(macroArticle(macro(), 'de')).toEqual({
      externalId: 'macro:42',
      title: 'Billing::Refund for a damaged item',
      bodyHtml: '<p>Hi ,</p><p>We refund the full price.</p>',
      url: '',
      locale: 'de',
      source: 'macro',
      visibility: 'public',
      sourceUpdatedAt: '2026-11-01T10:00:00Z',
    });
  });

  it('is restricted when only a group or one agent may apply it', () => {
    expect(macroArticle(macro({ restriction: { type: 'Group', ids: ['7'] } }), 'en-us').visibility).toBe('restricted');
  });

  it('changes its content hash only when what is stored changes (not the usage count)', () => {
    const hash = (m: ZendeskMacro) => articleContentHash(macroArticle(m, 'en-us'), 'model');
    expect(hash(macro({ usage30d: 100 }))).toBe(hash(macro()));
    expect(hash(macro({ commentHtml: '<p>We refund half.</p>' }))).not.toBe(hash(macro()));
  });
});
