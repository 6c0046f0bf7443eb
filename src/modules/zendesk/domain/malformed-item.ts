// An item of a Zendesk list that is not what Zendesk documents (no id, a title that is not text …): left out of
// the page and reported, so that one bad item neither fails every sync nor disappears unnoticed.
export interface MalformedItem {
  // The item's id when it had a readable one.
  id: string | null;
  reason: string;
}
