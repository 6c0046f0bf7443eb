import { AppConfig } from '../../../config/app-config';
import { AssistRecords } from './ports/assist-records';
import { TrainingLinksService } from './training-links.service';

describe('TrainingLinksService.check: does a posted link still open its suggestion?', () => {
  const service = (env: Record<string, string>) =>
    new TrainingLinksService(
      AppConfig.load({ SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123', PUBLIC_BASE_URL: 'https://assist.example.com', ...env }),
      // check() reads no records.
      {} as AssistRecords,
    );
  const postedAt = new Date('2026-11-24T12:00:00Z');
  const link = service({}).linkFor('suggestion-1', postedAt);

  it('is valid on the service that made it, until 30 days later', () => {
    expect(service({}).check('suggestion-1', link, postedAt)).toEqual({
      url: link,
      verdict: 'valid',
      expiresAt: new Date('2026-12-24T12:00:00Z'),
      onThisService: true,
    });
    expect(service({}).check('suggestion-1', link, new Date('2026-12-25T00:00:00Z')).verdict).toBe('expired');
  });

  it('says when PUBLIC_BASE_URL or SECRETS_KEY changed since it was posted', () => {
    expect(service({ PUBLIC_BASE_URL: 'https://assist.example.org' }).check('suggestion-1', link, postedAt)).toMatchObject({
      verdict: 'valid',
      onThisService: false,
    });
    expect(service({ SECRETS_KEY: 'another-secrets-key-0123456789abcdef' }).check('suggestion-1', link, postedAt).verdict).toBe('invalid');
  });

  it('lives as many days as TRAINING_LINK_DAYS says', () => {
    const weekLong = service({ TRAINING_LINK_DAYS: '7' });
    const url = weekLong.linkFor('suggestion-1', postedAt);
    expect(weekLong.check('suggestion-1', url, postedAt).expiresAt).toEqual(new Date('2026-12-01T12:00:00Z'));
    expect(weekLong.check('suggestion-1', url, new Date('2026-12-01T12:00:01Z')).verdict).toBe('expired');
  });
});
