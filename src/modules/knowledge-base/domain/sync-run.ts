import { DomainError } from '../../../shared/errors/domain.error';
import { SolvedTicketSyncCounts } from './solved-ticket';

export type SyncTrigger = 'schedule' | 'api' | 'cli' | 'console';
export type SyncStatus = 'queued' | 'running' | 'succeeded' | 'failed';

// What a run did to one kind of knowledge.
export interface ArticleSyncCounts {
  fetched: number;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  embedded: number;
  skipped: number;
}

// The help center's counts, the macros' and the solved tickets'.
export interface SyncCounts extends ArticleSyncCounts {
  // The account's macros, synced in the same run (docs/macros.md): absent when the run predates them.
  macros?: MacroSyncCounts;
  // The solved tickets the same run read, when the organization has them on (or some were just removed).
  solvedTickets?: SolvedTicketSyncCounts;
}

export interface MacroSyncCounts extends ArticleSyncCounts {
  // Listed but kept out: no comment text, or restricted to a group or an agent without the organization's opt-in.
  excluded: number;
}

export interface SyncProblem {
  articleId: string;
  locale: string;
  reason: string;
  detail?: string;
}

export interface SyncRun {
  id: string;
  organizationId: string;
  trigger: SyncTrigger;
  status: SyncStatus;
  // 'full' (every article listed, vanished ones removed) or 'incremental' (the export since the last sync).
  mode: string | null;
  counts: SyncCounts;
  // Pages of articles read so far (every brand, locale and export page): how far a running sync got.
  pages: number;
  problems: SyncProblem[];
  error: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

// Where a help center's sync stands: it resumes from here after a restart or a crash.
export interface SyncState {
  incrementalCursor: number | null;
  fullPass: FullPassProgress | null;
  lastFullPassAt: Date | null;
}

export interface FullPassProgress {
  // Every article listed by this pass is marked with this id; the rest left the help center.
  passId: string;
  // Epoch seconds when the pass began: the incremental export continues from there.
  startedAt: number;
  locales: string[];
  localeIndex: number;
  cursor: string | null;
}

export const emptyCounts = (): SyncCounts => ({ fetched: 0, added: 0, updated: 0, removed: 0, unchanged: 0, embedded: 0, skipped: 0 });
export const emptyMacroCounts = (): MacroSyncCounts => ({ ...emptyCounts(), excluded: 0 });

export enum SyncErrorCode {
  RunNotFound = 'sync_run_not_found',
  // The run was failed as abandoned (its claim was lost) while it still worked: it stops at its next page.
  RunAbandoned = 'sync_run_abandoned',
}

export class SyncError extends DomainError<SyncErrorCode> {}
