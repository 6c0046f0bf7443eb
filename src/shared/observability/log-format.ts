export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

// JSON lines for whatever collects the logs (production, CI, tests, anything piped); coloured lines for a person
// at a terminal outside production. LOG_FORMAT, when set, decides over both.
export function chooseLogFormat({ production, stdoutIsTty, forced }: { production: boolean; stdoutIsTty: boolean; forced?: LogFormat }): LogFormat {
  return forced ?? (!production && stdoutIsTty ? 'pretty' : 'json');
}
