import 'reflect-metadata';
import { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError } from './config/app-config';
import { createApp } from './create-app';
import { installProcessGuards } from './shared/observability/process-guards';
import { startupBlock } from './startup-block';

async function main(): Promise<void> {
  installProcessGuards();
  let config: AppConfig;
  try {
    config = AppConfig.load();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const app = await createApp(config);
  await app.listen(config.port, '0.0.0.0');
  new Logger('Main').log(`Listening on ${await app.getUrl()} (admin API docs at /docs)`);
  const { port } = app.getHttpServer().address() as AddressInfo;
  for (const line of startupBlock(config, port)) process.stdout.write(`${line}\n`);
}

// A boot that fails (database unreachable, migration refused) ends the process: the guards keep a running one alive.
main().catch((error: unknown) => {
  new Logger('Main').error(`Boot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
