import { INestApplication, Logger, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, raw } from 'express';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { httpStatusByErrorCode } from './http-status-by-error-code';
import { ProblemDetailsFilter } from './shared/http/problem-details.filter';

const WEBHOOK_BODY_LIMIT = '1mb';
const ADMIN_BODY_LIMIT = '10mb';

// Shared by main.ts, the tests, the demo and the benchmarks: the same app every time.
export async function createApp(config: AppConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: options.logger,
  });
  // Webhooks keep their raw bytes: the signature covers them exactly as sent.
  app.use('/webhooks', raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }));
  app.use(json({ limit: ADMIN_BODY_LIMIT }));
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new ProblemDetailsFilter(httpStatusByErrorCode));
  app.enableShutdownHooks();
  SwaggerModule.setup(
    'docs',
    app,
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('OpenCX Assist for Zendesk')
        .setDescription('Admin API, Zendesk webhook and training links')
        .addBearerAuth()
        .build(),
    ),
  );
  for (const warning of config.warnings) new Logger('Config').warn(warning);
  return app;
}
