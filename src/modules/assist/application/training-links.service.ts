import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { signTrainingToken, trainingTokenExpiry, TrainingTokenVerdict, verifyTrainingToken } from '../domain/training-link';

const LINK_LIFETIME_DAYS = 30;

export interface TrainingLinkCheck {
  url: string;
  verdict: TrainingTokenVerdict;
  expiresAt: Date | null;
  // False when PUBLIC_BASE_URL changed since the note was posted: the link leads elsewhere.
  onThisService: boolean;
}

@Injectable()
export class TrainingLinksService {
  constructor(private readonly config: AppConfig) {}

  linkFor(suggestionId: string, now = new Date()): string {
    const expiresAt = new Date(now.getTime() + LINK_LIFETIME_DAYS * 24 * 3600 * 1000);
    const token = signTrainingToken(this.config.secretsKey, suggestionId, expiresAt);
    return `${this.config.publicBaseUrl}/training/${suggestionId}?token=${token}`;
  }

  verify(suggestionId: string, token: string, now = new Date()): TrainingTokenVerdict {
    return verifyTrainingToken(this.config.secretsKey, suggestionId, token, now);
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
