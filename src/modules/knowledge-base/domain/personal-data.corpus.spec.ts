import { PERSONAL_DATA_CORPUS } from '../../../../test/support/personal-data-corpus';
import { redactPersonalData } from './personal-data';

// The figures in docs/personal-data.md come from this corpus: every expected removal caught, every kept token
// kept, and the documented gaps still gaps (when one starts being caught, move it to `removed` and the doc).
describe('redactPersonalData on the support-ticket corpus', () => {
  const redacted = PERSONAL_DATA_CORPUS.map((sample) => ({ ...sample, output: redactPersonalData(sample.text, sample.people) }));

  it.each(redacted.map((sample) => [sample.label, sample] as const))('%s', (_label, sample) => {
    for (const personal of sample.removed) expect({ personal, output: sample.output }).toEqual({ personal, output: expect.not.stringContaining(personal) });
    for (const token of sample.kept) expect({ token, output: sample.output }).toEqual({ token, output: expect.stringContaining(token) });
    for (const gap of sample.knownGaps ?? []) expect({ gap, output: sample.output }).toEqual({ gap, output: expect.stringContaining(gap) });
  });

  it('holds the realistic mix the doc reports on', () => {
    const count = (pick: (sample: (typeof redacted)[number]) => string[] | undefined) =>
      redacted.reduce((total, sample) => total + (pick(sample)?.length ?? 0), 0);
    expect(redacted.length).toBeGreaterThanOrEqual(40);
    expect(count((sample) => sample.removed)).toBeGreaterThanOrEqual(80);
    expect(count((sample) => sample.kept)).toBeGreaterThanOrEqual(100);
    for (const fact of ['US', 'UK', 'German', 'French']) {
      expect(redacted.some((sample) => sample.label.includes(fact))).toBe(true);
    }
  });
});
