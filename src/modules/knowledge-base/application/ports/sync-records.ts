import { Page, PageRequest } from '../../../../shared/pagination/page';
import { SyncCounts, SyncProblem, SyncRun, SyncState, SyncStatus, SyncTrigger } from '../../domain/sync-run';

// Held by the process running a sync for as long as it runs: while it is held (the process alive), no other
// instance fails the run as abandoned.
export interface RunClaim {
  release(): Promise<void>;
}

// Sync runs (what happened), per-help-center sync state (where to resume), help-center article removal and the
// text indexes a first load builds at its end.
export abstract class SyncRecords {
  // Queues a sync run on the job queue; a run already waiting for the organization is returned instead.
  abstract queueRun(organizationId: string, trigger: SyncTrigger): Promise<SyncRun>;
  abstract findRun(organizationId: string, id: string): Promise<SyncRun | null>;
  // Newest first.
  abstract listRuns(organizationId: string, page: PageRequest): Promise<Page<SyncRun>>;
  abstract claimRun(runId: string): Promise<RunClaim>;
  abstract startRun(job: { runId: string; organizationId: string; trigger: SyncTrigger; jobId: string }): Promise<SyncRun>;
  // After each page of articles: the counts so far, and one more page read.
  abstract recordProgress(id: string, mode: string, counts: SyncCounts): Promise<void>;
  // Only a run still running: one failed as abandoned keeps that outcome.
  abstract finishRun(id: string, status: Extract<SyncStatus, 'succeeded' | 'failed'>, counts: SyncCounts, problems: SyncProblem[], error: string | null): Promise<void>;
  // Fails the running runs whose claim nobody holds any more (their process died), with their queue jobs, so
  // the organization's next sync can start; runs this process works on are named in `runningHere`.
  abstract reclaimAbandonedRuns(runningHere: string[]): Promise<SyncRun[]>;

  abstract getState(organizationId: string, brandId: string): Promise<SyncState | null>;
  // False, and nothing saved, when the run was failed as abandoned meanwhile: another run may own the state.
  abstract saveState(runId: string, organizationId: string, brandId: string, state: SyncState): Promise<boolean>;

  // Organizations whose last sync was queued longer ago than their interval.
  abstract organizationsDueForSync(): Promise<string[]>;

  // Help-center articles only: those the admin API uploaded are never removed by a sync.
  abstract removeArticle(organizationId: string, brandId: string, externalId: string, locale: string): Promise<boolean>;
  abstract removeArticlesNotSeen(organizationId: string, brandId: string, passId: string): Promise<number>;
  // Marks these help-center articles as seen by the pass without changing them: listed, but unreadable this time.
  abstract keepArticlesSeen(organizationId: string, brandId: string, passId: string, externalIds: string[], locale: string): Promise<void>;
  // Chunks embedded with another model than this one: a full pass re-embeds them.
  abstract hasVectorsOfOtherModels(organizationId: string, model: string): Promise<boolean>;

  // A first load into an empty knowledge base drops the full-text indexes whose entries each page would write
  // at random places, for the sync to build them once when it ends (as the vector index is); when anything is
  // stored already, nothing changes.
  abstract deferTextIndexesIfEmpty(): Promise<void>;
  // Builds the deferred indexes, if any; idempotent, and safe beside another process doing the same.
  abstract restoreTextIndexes(): Promise<void>;
}
