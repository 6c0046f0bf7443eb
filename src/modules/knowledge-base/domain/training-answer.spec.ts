import { trainingMatchThreshold } from './training-answer';

describe('trainingMatchThreshold', () => {
  it('has the calibrated threshold for the offline embedding model', () => {
    expect(trainingMatchThreshold('offline-hashed-512-v1')).toBe(0.4);
  });

  // Similarities of an uncalibrated model mean nothing: better no training answer than a wrong one.
  it('has none for a model nobody calibrated', () => {
    expect(trainingMatchThreshold('text-embedding-3-small')).toBeNull();
  });
});
