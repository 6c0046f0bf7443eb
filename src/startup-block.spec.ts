import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './config/app-config';
import { startupBlock } from './startup-block';

describe('startupBlock', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'assist-startup-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  // LOG_FORMAT=pretty stands for a terminal: what the tests run in may or may not be one.
  const load = (env: Record<string, string>) => AppConfig.load({ DATA_DIR: dataDir, LOG_FORMAT: 'pretty', ...env });

  it('names the address, the start page, the console, the API docs, the development token and the next step', () => {
    expect(startupBlock(load({ PORT: '3100' }))).toEqual([
      '',
      'OpenCX Assist is running at http://localhost:3100',
      '  Start page   http://localhost:3100/',
      '  Console      http://localhost:3100/console',
      '  API docs     http://localhost:3100/docs',
      '  Admin token  dev-admin-token   (the development default: set ADMIN_TOKEN to use your own)',
      '  Next         sign in to the console, create an organization, then Connect Zendesk on its page',
      '',
    ]);
  });

  it('gives the port the server actually listens on', () => {
    expect(startupBlock(load({ PORT: '0' }), 41234)[1]).toBe('OpenCX Assist is running at http://localhost:41234');
  });

  it('never shows a token of your own', () => {
    const token = 'my-own-admin-token-0123456789';
    const lines = startupBlock(load({ ADMIN_TOKEN: token }));
    expect(lines.join('\n')).not.toContain(token);
    expect(lines.join('\n')).not.toMatch(/Admin token/);
    expect(lines).toContain('  API docs     http://localhost:3000/docs');
  });

  it('prints nothing in production, nor when the logs are JSON lines', () => {
    const production = { NODE_ENV: 'production', ADMIN_TOKEN: 'a'.repeat(20), SECRETS_KEY: 'b'.repeat(40) };
    expect(startupBlock(load(production))).toEqual([]);
    expect(startupBlock(load({ LOG_FORMAT: 'json' }))).toEqual([]);
  });
});
