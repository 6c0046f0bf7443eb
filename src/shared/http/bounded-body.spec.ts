import fc from 'fast-check';
import { jsonHasNul, jsonTooDeep } from './bounded-body';

// How deep a parsed value nests, as the byte scan should see it.
function depthOf(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value !== null && typeof value === 'object') return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
}

// Strings full of what the scan must not mistake for structure: brackets, quotes, backslashes, escapes.
const trickyString = fc.stringMatching(/^[[\]{}"\\u0a-z ]{0,12}$/);
const trickyJson = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, trickyString, fc.integer(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
})).value;

describe('jsonTooDeep', () => {
  it('agrees with the depth of the parsed value, whatever the strings hold', () => {
    fc.assert(
      fc.property(trickyJson, fc.integer({ min: 0, max: 8 }), (value, maxDepth) => {
        expect(jsonTooDeep(Buffer.from(JSON.stringify(value)), maxDepth)).toBe(depthOf(value) > maxDepth);
      }),
      { seed: 10, numRuns: 2000 },
    );
  });

  // Not a speed figure (the event loop's 200 ms bound is asserted over HTTP, in http-limits and http-fuzz): a scan
  // that went back over what it read would take minutes on 10 MB, a linear one a fraction of a second.
  it('reads 10,000 levels and 10 MB of escaped quotes and brackets in one linear pass', () => {
    const deep = Buffer.from('['.repeat(10_000) + ']'.repeat(10_000));
    // Its worst case: every quote inside a string is escaped, so each one found is checked.
    const wide = Buffer.from(JSON.stringify({ items: Array.from({ length: 17_000 }, () => ({ text: '[{"\\'.repeat(100) })) }));
    expect(wide.length).toBeGreaterThan(10_000_000);
    // CPU time, not wall time: on a shared machine the test may wait for a core.
    const started = process.cpuUsage();
    expect(jsonTooDeep(deep, 32)).toBe(true);
    expect(jsonTooDeep(wide, 32)).toBe(false);
    const { user, system } = process.cpuUsage(started);
    expect((user + system) / 1000).toBeLessThan(2000);
  });
});

describe('jsonHasNul', () => {
  it.each([
    ['{"a":"x\\u0000y"}', true],
    ['{"a":"\\\\\\u0000"}', true],
    ['{"a":"\\\\u0000"}', false],
    ['{"a":"u0000"}', false],
    ['{"a":"\\u0001"}', false],
  ])('%s → %s', (json, expected) => {
    expect(jsonHasNul(Buffer.from(json))).toBe(expected);
    expect(JSON.parse(json).a.includes('\u0000')).toBe(expected);
  });
});
