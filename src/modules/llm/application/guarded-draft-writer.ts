import { Draft, DraftRequest } from '../domain/draft';
import { guardDraft } from '../domain/draft-guard';
import { LlmError, LlmErrorCode } from '../domain/llm.error';
import { DraftWriter } from './ports/draft-writer';

// Wraps a model's writer: its reply is checked before anyone sees it (see guardDraft). A refused draft is
// `llm_rejected`, final: asking the same model the same ticket again would get the same answer. The offline
// writer is not wrapped: it copies the organization's own sentences, no more than a few.
export class GuardedDraftWriter extends DraftWriter {
  constructor(private readonly model: DraftWriter) {
    super();
  }

  async write(request: DraftRequest): Promise<Draft> {
    const draft = await this.model.write(request);
    const verdict = guardDraft(draft.reply, request);
    if (verdict.refused) throw new LlmError(LlmErrorCode.Rejected, `LLM draft refused: ${verdict.because}`);
    return verdict.removed.length === 0 ? draft : { ...draft, reply: verdict.reply, removedLinks: verdict.removed };
  }
}
