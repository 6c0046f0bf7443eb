import { parseJsonExact } from './exact-json';

describe('parseJsonExact', () => {
  it('keeps integers beyond 2^53 as their exact digits', () => {
    expect(parseJsonExact('{"id":9007199254740993,"ids":[1,90071992547409931]}')).toEqual({ id: '9007199254740993', ids: [1, '90071992547409931'] });
  });

  it('parses everything else as JSON.parse does', () => {
    const text = '{"a":"9007199254740993 \\" 90071992547409931","b":1.5e300,"f":2e90071992547409931,"c":-12,"d":[true,null,0.25],"e":12345678901234567.5}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it('leaves digits inside strings alone, escaped quotes included', () => {
    expect(parseJsonExact('["\\\\", 9007199254740993, "\\"9007199254740993"]')).toEqual(['\\', '9007199254740993', '"9007199254740993']);
  });

  it('parses as JSON.parse does a text whose integers are all safe, the largest of them included', () => {
    const text = '{"ticket_id":999999999999999,"n":-123456789012345,"s":"x","f":1.25e-7,"l":[0,1]}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    expect(parseJsonExact('{"id":9007199254740991}')).toEqual({ id: 9007199254740991 });
  });

  it('refuses what is not JSON', () => {
    expect(() => parseJsonExact('{"id": 9007199254740993')).toThrow(SyntaxError);
    expect(() => parseJsonExact('{"id": 42')).toThrow(SyntaxError);
  });

  it('reads a 4 MB string in well under a second', () => {
    const text = JSON.stringify({ body: 'x 1234567890123456789 "'.repeat(200_000), id: 1 });
    const started = Date.now();
    expect((parseJsonExact(text) as { id: number }).id).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
