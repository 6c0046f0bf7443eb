// What the Connect Zendesk screen says of a webhook delivery: the latest one received, or the test just sent.

export type SentTest = { kind: 'accepted'; eventId: string } | { kind: 'coalesced'; eventId: string; into: string } | { kind: 'refused'; why: string };

export interface DeliverySeen {
  verdict: 'valid' | 'missing_signature' | 'bad_signature' | 'stale';
  coalescedInto: string | null;
}

const REFUSED_BECAUSE: Record<Exclude<DeliverySeen['verdict'], 'valid'>, string> = {
  bad_signature: 'refused: bad signature (the webhook’s signing secret is not the one stored here)',
  stale: 'refused: stale (its timestamp is too old or in the future: a replay, or a clock far off)',
  missing_signature: 'refused: no signature (it did not come from a Zendesk webhook)',
};

export function deliveryVerdict(delivery: DeliverySeen): { accepted: boolean; text: string } {
  if (delivery.verdict !== 'valid') return { accepted: false, text: REFUSED_BECAUSE[delivery.verdict] };
  if (delivery.coalescedInto) return { accepted: true, text: 'accepted, and joined an event of the same ticket still waiting (coalesced)' };
  return { accepted: true, text: 'accepted: Assist queued the ticket' };
}

export function sentTestVerdict(sent: SentTest): { accepted: boolean; text: string } {
  if (sent.kind === 'refused') return { accepted: false, text: `Refused: ${sent.why}.` };
  if (sent.kind === 'coalesced') return { accepted: true, text: `Accepted as event ${sent.eventId}, coalesced into the waiting event ${sent.into}: one run covers both.` };
  return { accepted: true, text: `Accepted as event ${sent.eventId}: Assist queued the ticket.` };
}
