import { ZendeskMacro } from '../../zendesk/domain/macro';
import { ArticleInput } from './article';

// A macro's key in the knowledge base: its own namespace, so macro 123 never overwrites help-center article 123.
export const macroExternalId = (macroId: string) => `macro:${macroId}`;

// When no help-center article tells which language the team writes in.
export const DEFAULT_MACRO_LOCALE = 'en-us';

export type MacroExclusion = 'no_comment' | 'restricted';

// Why a macro stays out of the knowledge base, or null when it goes in: a macro that adds no comment (one that
// only sets fields) answers nothing; a personal or group macro is not every agent's answer unless the organization
// opted in (setting macrosIncludeRestricted).
export function macroExclusion(macro: ZendeskMacro, includeRestricted: boolean): MacroExclusion | null {
  if (!macro.commentHtml || !macroBodyHtml(macro.commentHtml)) return 'no_comment';
  if (macro.restriction !== null && !includeRestricted) return 'restricted';
  return null;
}

// A macro as a knowledge-base article: its title and the comment it adds. No URL: a macro has no public page, so
// no link to it can reach a customer's reply (the note names it in plain text). Shared macros are public text:
// they are written for customers; a group's or an agent's own (synced only with macrosIncludeRestricted) is
// restricted, as a help-center article for some users is: it grounds a draft but is not pasted verbatim. `locale`: the language the team's help center is in (see docs/macros.md).
export function macroArticle(macro: ZendeskMacro, locale: string): ArticleInput {
  return {
    externalId: macroExternalId(macro.id),
    title: macro.title,
    bodyHtml: macroBodyHtml(macro.commentHtml ?? ''),
    url: '',
    locale,
    source: 'macro',
    visibility: macro.restriction ? 'restricted' : 'public',
    sourceUpdatedAt: macro.updatedAt,
  };
}

// Placeholders ({{ticket.requester.first_name}}, {{dc.greeting}}) are filled in by Zendesk when the macro is
// applied: as text they would only add noise to retrieval and the draft.
const macroBodyHtml = (html: string) => html.replace(/\{\{[^{}]*\}\}/g, '').trim();
