import { safeText } from '../../../shared/text/safe-text';

// Every text Zendesk hands us, storable (no NUL, no lone surrogate: PostgreSQL refuses both) and bounded:
// a pasted log file in a comment must not become a 2 MB question, evidence row and LLM prompt.
const COMMENT_LENGTH = 256 * 1024;
const ARTICLE_BODY_LENGTH = 1024 * 1024;
const LINE_LENGTH = 1024;
const URL_LENGTH = 2048;
const CODE_LENGTH = 64;

export const vendorText = {
  comment: (value: string | null | undefined) => safeText(value ?? '', COMMENT_LENGTH),
  articleBody: (value: string | null | undefined) => safeText(value ?? '', ARTICLE_BODY_LENGTH),
  // Subjects, titles, names.
  line: (value: string | null | undefined) => safeText(value ?? '', LINE_LENGTH),
  url: (value: string) => safeText(value, URL_LENGTH),
  // Locales, tags, statuses and roles.
  code: (value: string) => safeText(value, CODE_LENGTH),
};
