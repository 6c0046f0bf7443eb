import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { signTrainingToken, TrainingTokenVerdict, verifyTrainingToken } from '../domain/training-link';

const LINK_LIFETIME_DAYS = 30;

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
}
