import { chooseLogFormat, LogFormat } from './log-format';

describe('chooseLogFormat', () => {
  it.each<[string, boolean, boolean, LogFormat | undefined, LogFormat]>([
    ['development at a terminal', false, true, undefined, 'pretty'],
    ['development piped (CI, tests, docker logs)', false, false, undefined, 'json'],
    ['production at a terminal', true, true, undefined, 'json'],
    ['production piped', true, false, undefined, 'json'],
    ['LOG_FORMAT=json at a development terminal', false, true, 'json', 'json'],
    ['LOG_FORMAT=pretty when piped', false, false, 'pretty', 'pretty'],
    ['LOG_FORMAT=pretty in production', true, false, 'pretty', 'pretty'],
  ])('%s', (_case, production, stdoutIsTty, forced, expected) => {
    expect(chooseLogFormat({ production, stdoutIsTty, forced })).toBe(expected);
  });
});
