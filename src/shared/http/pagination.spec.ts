import { BadRequestException } from '@nestjs/common';
import { decodeCursor, encodeCursor } from './pagination';

describe('cursors', () => {
  const keyset = { at: '2025-01-02T03:04:05.123456Z', id: '6f1c1a52-3c5e-4d0e-9a55-0c1b8a0c9e11' };

  it('round-trip, microseconds included', () => {
    expect(decodeCursor(encodeCursor(keyset))).toEqual(keyset);
  });

  it.each([
    ['not base64 JSON', 'nope'],
    ['a forged id', Buffer.from(JSON.stringify([keyset.at, "1' OR 1=1"])).toString('base64url')],
    ['a millisecond timestamp', Buffer.from(JSON.stringify(['2025-01-02T03:04:05.123Z', keyset.id])).toString('base64url')],
  ])('refuses %s with a field error', (_, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(BadRequestException);
  });
});
