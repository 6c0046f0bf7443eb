import { Injectable } from '@nestjs/common';
import { metrics } from '../../../shared/observability/metrics';
import { DraftWriter } from '../application/ports/draft-writer';
import { Draft, DraftRequest } from '../domain/draft';
import { writeExtractiveDraft } from '../domain/extractive-draft';

// The default without OPENAI_API_KEY: an extractive draft from the organization's own articles.
@Injectable()
export class OfflineDraftWriter extends DraftWriter {
  async write(request: DraftRequest): Promise<Draft> {
    return metrics.timeLlmCall('offline', 'draft', async () => writeExtractiveDraft(request));
  }
}
