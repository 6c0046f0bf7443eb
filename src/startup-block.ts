import { AppConfig } from './config/app-config';

// What a developer wants right after `npm start`: where to click, the token to use, what to do next. Only where a
// person reads the output (outside production, logs pretty): a JSON log stream stays JSON lines only.
export function startupBlock(config: AppConfig, port: number = config.port): string[] {
  if (config.isProduction || config.logFormat !== 'pretty') return [];
  const url = `http://localhost:${port}`;
  const token = config.developmentAdminToken;
  return [
    '',
    `OpenCX Assist is running at ${url}`,
    `  Start page   ${url}/`,
    `  Console      ${url}/console`,
    `  API docs     ${url}/docs`,
    ...(token ? [`  Admin token  ${token}   (the development default: set ADMIN_TOKEN to use your own)`] : []),
    `  Next         sign in to the console, create an organization, then Connect Zendesk on its page`,
    '',
  ];
}
