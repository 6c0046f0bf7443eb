import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { Suggestion } from '../domain/decision';
import { signTrainingToken, trainingTokenExpiry, TrainingTokenVerdict, verifyTrainingToken } from '../domain/training-link';
import { TrainingError, TrainingErrorCode } from '../domain/training.error';
import { AssistRecords } from './ports/assist-records';

export interface TrainingLinkCheck {
  url: string;
  verdict: TrainingTokenVerdict;
  expiresAt: Date | null;
  // False when PUBLIC_BASE_URL changed since the note was posted: the link leads elsewhere.
  onThisService: boolean;
}

@Injectable()
export class TrainingLinksService {
  constructor(
    private readonly config: AppConfig,
    private readonly records: AssistRecords,
  ) {}

  linkFor(suggestionId: string, now = new Date()): string {
    const expiresAt = new Date(now.getTime() + this.config.trainingLinkDays * 24 * 3600 * 1000);
    const token = signTrainingToken(this.config.secretsKey, suggestionId, expiresAt);
    return `${this.config.publicBaseUrl}/training/${suggestionId}?token=${token}`;
  }

  verify(suggestionId: string, token: string, now = new Date()): TrainingTokenVerdict {
    return verifyTrainingToken(this.config.secretsKey, suggestionId, token, now);
  }

  // The suggestion behind a link, if the link opens it now; otherwise why not.
  async openSuggestion(suggestionId: string, token: string): Promise<Suggestion> {
    const verdict = UUID.test(suggestionId) ? this.verify(suggestionId, token) : 'invalid';
    if (verdict === 'expired') throw new TrainingError(TrainingErrorCode.LinkExpired, `This training link has expired: links last ${this.config.trainingLinkDays} days`);
    if (verdict === 'invalid') throw new TrainingError(TrainingErrorCode.LinkInvalid, 'This training link is not valid');
    const suggestion = await this.records.findSuggestion(suggestionId);
    if (!suggestion) throw new TrainingError(TrainingErrorCode.SuggestionNotFound, 'This suggestion no longer exists');
    return suggestion;
  }

  // Would this link, as posted, open its suggestion now: today's key, not expired, this service's address.
  check(suggestionId: string, url: string, now = new Date()): TrainingLinkCheck {
    const [address, query = ''] = url.split('?', 2);
    const token = new URLSearchParams(query).get('token') ?? '';
    return {
      url,
      verdict: this.verify(suggestionId, token, now),
      expiresAt: trainingTokenExpiry(token),
      onThisService: address === `${this.config.publicBaseUrl}/training/${suggestionId}`,
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
