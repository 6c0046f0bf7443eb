import { renderInternalNote } from './internal-note';
import { signTrainingToken, trainingLinkInNote, trainingTokenExpiry, verifyTrainingToken } from './training-link';

describe('training link tokens', () => {
  const now = new Date('2026-11-24T12:00:00Z');
  const later = new Date('2026-12-24T12:00:00Z');
  const token = signTrainingToken('key', 'suggestion-1', later);

  it('accepts its own token until it expires', () => {
    expect(verifyTrainingToken('key', 'suggestion-1', token, now)).toBe('valid');
    expect(verifyTrainingToken('key', 'suggestion-1', token, new Date('2027-01-01T00:00:00Z'))).toBe('expired');
  });

  it.each([
    ['another suggestion', 'key', 'suggestion-2', token],
    ['another key', 'other', 'suggestion-1', token],
    ['an extended expiry', 'key', 'suggestion-1', token.replace(/^\d+/, (e) => String(Number(e) + 1000))],
    ['garbage', 'key', 'suggestion-1', 'nope'],
  ])('rejects %s', (_, key, id, candidate) => {
    expect(verifyTrainingToken(key, id, candidate, now)).toBe('invalid');
  });
});

describe('the training link in a posted note', () => {
  const url = 'https://assist.example.com/training/suggestion-1?token=1798113600.abc&lang=en';
  const note = renderInternalNote({ reply: 'Hi', sources: [{ title: 'Reset', url: 'https://help.example.com/a/1' }], trainingUrl: url });

  it('is read back from the escaped href, not from a source link', () => {
    expect(trainingLinkInNote(note, 'suggestion-1')).toBe(url);
    expect(trainingLinkInNote(note, 'suggestion-2')).toBeNull();
  });

  it("names its token's expiry", () => {
    expect(trainingTokenExpiry('1798113600.abc')).toEqual(new Date('2026-12-24T12:00:00Z'));
    expect(trainingTokenExpiry('nope')).toBeNull();
  });
});
