import { Passage } from './draft';

// This many consecutive words of an internal or restricted article is a paste (two long sentences), not an
// answer built on it. Public articles may be quoted at any length.
export const MAX_COPIED_INTERNAL_WORDS = 30;

export const LINK_REMOVED = '[link removed]';
export const ADDRESS_REMOVED = '[address removed]';

// The decision log keeps what was removed, bounded: a model can write a thousand links.
const MAX_REPORTED_LINKS = 10;
const MAX_REPORTED_CHARS = 120;
const EXCERPT_WORDS = 12;

export interface DraftGuardContext {
  passages: Passage[];
  organizationHosts: string[];
}

export type DraftGuardVerdict = { refused: false; reply: string; removed: string[] } | { refused: true; because: string };

// Checks on a model's reply before anyone sees it, against a model that obeyed the ticket instead of us.
// A long copy of a non-public article refuses the draft. A link or email address that is neither on the
// organization's hosts (its Zendesk, its articles' pages) nor written in a passage is replaced in place by a
// marker, the sentence around it kept: "visit http://evil.example." reads "visit [link removed]." and
// "[reset it](http://evil.example)" reads "reset it [link removed]". Links never refuse a draft: the rep
// reads the rest, and the marker says something was taken out.
export function guardDraft(reply: string, context: DraftGuardContext): DraftGuardVerdict {
  const copy = internalCopy(reply, context.passages);
  if (copy) return { refused: true, because: `${copy.words} consecutive words copied from ${copy.visibility} article ${copy.articleId} ("${copy.excerpt}…")` };
  const removed: string[] = [];
  const cleaned = stripLinks(reply, allowedLinks(context), removed);
  return { refused: false, reply: cleaned, removed: [...new Set(removed)].slice(0, MAX_REPORTED_LINKS).map((link) => link.slice(0, MAX_REPORTED_CHARS)) };
}

// Markdown links, http(s) URLs and bare www. hosts, email addresses. No word boundary before a URL:
// "seehttp://…" is caught too. Brackets and quotes end a URL; trailing punctuation is trimmed after.
const LINK = /\[([^\]\n]*)\]\(([^()\s]*)[^()\n]*\)|(?:https?:\/\/|www\.)[^\s<>"'`()[\]{}]+|[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu;
const TRAILING_PUNCTUATION = /[.,;:!?'"*_~]+$/u;
const EMAIL = /^(?:mailto:)?([^@\s/]+)@([^@\s/]+)$/iu;

interface AllowedLinks {
  hosts: Set<string>;
  links: Set<string>;
  addresses: Set<string>;
}

function stripLinks(text: string, allowed: AllowedLinks, removed: string[]): string {
  return text.replace(LINK, (match: string, label: string | undefined, target: string | undefined) => {
    if (label !== undefined) {
      const words = stripLinks(label, allowed, removed);
      if (isAllowed(target!, allowed)) return `[${words}]${match.slice(label.length + 2)}`;
      removed.push(target!);
      return words.trim() === '' || words === LINK_REMOVED ? LINK_REMOVED : `${words} ${LINK_REMOVED}`;
    }
    const link = match.replace(TRAILING_PUNCTUATION, '');
    if (isAllowed(link, allowed)) return match;
    removed.push(link);
    return `${EMAIL.test(link) ? ADDRESS_REMOVED : LINK_REMOVED}${match.slice(link.length)}`;
  });
}

// Zendesk's agent interface (a solved ticket's link in the note): only agents can open it, so a customer's reply
// never links there, even on the organization's own host.
const AGENT_INTERFACE = /^\/agent(?:\/|$)/i;

function isAllowed(link: string, allowed: AllowedLinks): boolean {
  const email = EMAIL.exec(link);
  if (email) {
    const domain = parseLink(`https://${email[2]}`)?.host;
    return allowed.addresses.has(emailKey(email[1], email[2])) || (domain !== undefined && allowed.hosts.has(domain));
  }
  const url = parseLink(link);
  return url !== null && !AGENT_INTERFACE.test(url.pathname) && (allowed.hosts.has(url.host) || allowed.links.has(linkKey(url)));
}

function allowedLinks({ passages, organizationHosts }: DraftGuardContext): AllowedLinks {
  const allowed: AllowedLinks = { hosts: new Set(), links: new Set(), addresses: new Set() };
  const addHost = (url: URL | null) => url && allowed.hosts.add(url.host);
  organizationHosts.forEach((host) => addHost(parseLink(`https://${host}`)));
  for (const passage of passages) {
    addHost(parseLink(passage.url));
    for (const [match, label, target] of passage.content.matchAll(LINK)) {
      const link = label === undefined ? match.replace(TRAILING_PUNCTUATION, '') : target;
      const email = EMAIL.exec(link);
      const url = email ? null : parseLink(link);
      if (email) allowed.addresses.add(emailKey(email[1], email[2]));
      else if (url) allowed.links.add(linkKey(url));
    }
  }
  return allowed;
}

// The WHATWG parser lowercases hosts and turns IDN into punycode: "hеlp.acme.test" with a Cyrillic "е" is not
// "help.acme.test", and "help.acme.test@evil.example" is evil.example.
function parseLink(link: string): URL | null {
  const absolute = /^https?:\/\//i.test(link) ? link : /^www\./i.test(link) ? `https://${link}` : null;
  if (!absolute) return null;
  try {
    return new URL(absolute);
  } catch {
    return null;
  }
}

// The same page whether written with http or https, with or without a trailing slash.
const linkKey = (url: URL) => `${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
const emailKey = (local: string, domain: string) => `${local}@${domain}`.normalize('NFC').toLowerCase();

// The longest run of at least MAX_COPIED_INTERNAL_WORDS words shared with a non-public article, compared word by
// word whatever the case, punctuation and spacing. An article's passages are joined without the title each
// starts with: a copy may span two.
function internalCopy(reply: string, passages: Passage[]) {
  const replyWords = wordsOf(reply);
  const articles = new Map<string, { visibility: Passage['visibility']; text: string }>();
  for (const passage of passages.filter((p) => p.visibility !== 'public')) {
    const body = passage.content.startsWith(passage.title) ? passage.content.slice(passage.title.length) : passage.content;
    const article = articles.get(passage.articleId);
    articles.set(passage.articleId, { visibility: passage.visibility, text: `${article?.text ?? ''}\n${body}` });
  }
  let longest: { articleId: string; visibility: string; words: number; excerpt: string } | null = null;
  for (const [articleId, { visibility, text }] of articles) {
    const words = wordsOf(text);
    const runStarts = new Map<string, number[]>();
    for (let j = 0; j + MAX_COPIED_INTERNAL_WORDS <= words.length; j++) {
      const key = words.slice(j, j + MAX_COPIED_INTERNAL_WORDS).join(' ');
      runStarts.set(key, [...(runStarts.get(key) ?? []), j]);
    }
    for (let i = 0; i + MAX_COPIED_INTERNAL_WORDS <= replyWords.length; i++) {
      for (const j of runStarts.get(replyWords.slice(i, i + MAX_COPIED_INTERNAL_WORDS).join(' ')) ?? []) {
        let length = MAX_COPIED_INTERNAL_WORDS;
        while (i + length < replyWords.length && replyWords[i + length] === words[j + length]) length++;
        if (!longest || length > longest.words) {
          longest = { articleId, visibility, words: length, excerpt: replyWords.slice(i, i + EXCERPT_WORDS).join(' ') };
        }
      }
    }
  }
  return longest;
}

const wordsOf = (text: string) => text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
