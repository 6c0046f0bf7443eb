import { SolvedTicket } from '../../domain/solved-ticket';
import { SolvedTicketPair } from '../../domain/solved-ticket-pair';
import { EmbeddedQuestion } from './training-answer.repository';

export interface NearestSolvedTicket {
  ticket: SolvedTicket;
  // Cosine similarity of its question to the ticket's (by embedding, or by weighted words).
  similarity: number;
}

export interface NearestSolvedByWordsAndEmbedding {
  byWords: NearestSolvedTicket | null;
  byEmbedding: NearestSolvedTicket | null;
  // Some pairs were embedded by another model (EMBEDDING_MODEL changed): not compared until re-embedded.
  otherModels: boolean;
}

// Solved tickets' redacted pairs and where the export stands, per organization.
export abstract class SolvedTicketRepository {
  // Inserted, or replacing the ticket's earlier pair: 'added' or 'updated'. `lookupText` (the question without
  // placeholders) gives its lexemes; `embedded` is its vector.
  abstract save(organizationId: string, pair: SolvedTicketPair, lookupText: string, embedded: EmbeddedQuestion): Promise<'added' | 'updated'>;
  abstract remove(organizationId: string, ticketId: string): Promise<boolean>;
  // Every pair and the saved cursor: the setting was turned off.
  abstract removeAll(organizationId: string): Promise<number>;

  abstract count(organizationId: string): Promise<number>;
  abstract lastSyncedAt(organizationId: string): Promise<Date | null>;

  abstract exportCursor(organizationId: string): Promise<string | null>;
  // After each page. False, and nothing saved, when the run was failed as abandoned meanwhile.
  abstract saveExportCursor(runId: string, organizationId: string, cursor: string | null, finished: boolean): Promise<boolean>;

  abstract findEmbeddedByOtherModel(organizationId: string, model: string): Promise<SolvedTicket[]>;
  abstract updateEmbedding(organizationId: string, id: string, embedded: EmbeddedQuestion): Promise<void>;

  // The nearest pair to the question by words (TF-IDF cosine) and, when `embedded` is given, by embedding; the
  // pair of `excludedTicketId` (the ticket being answered) is never one.
  abstract findNearest(organizationId: string, question: string, embedded: EmbeddedQuestion | null, excludedTicketId: string | null): Promise<NearestSolvedByWordsAndEmbedding>;
}
