import { MalformedItem } from './malformed-item';

// Our view of a Zendesk macro: the canned reply agents apply, read as knowledge (never applied by Assist).
export interface ZendeskMacro {
  id: string;
  // As Zendesk shows it, categories included ("Billing::Refunds").
  title: string;
  description: string | null;
  // The comment the macro adds, as HTML (plain-text comments are escaped into paragraphs); null: it adds none.
  commentHtml: string | null;
  // Null: every agent may apply it (a shared macro). Otherwise who may: a group's or one agent's (personal).
  restriction: { type: 'Group' | 'User'; ids: string[] } | null;
  // Times applied in the last 30 days, when Zendesk reported it.
  usage30d: number | null;
  updatedAt: string;
}

export interface MacrosPage {
  macros: ZendeskMacro[];
  // Listed, but not readable as a macro: left out of `macros`.
  malformed: MalformedItem[];
  // Opaque: hand it back for the next page; null on the last one.
  next: string | null;
}
