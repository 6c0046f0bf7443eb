import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WebhookIntakeService } from '../application/webhook-intake.service';

const WEBHOOK_ROUTE = '/webhooks/zendesk/:organizationId';
const WEBHOOK_DOCUMENTED_PATH = '/webhooks/zendesk/{organizationId}';

type Delivery = FastifyRequest<{ Params: { organizationId: string } }>;

// POST /webhooks/zendesk/:organizationId answers 202 as soon as the event is stored and queued: Zendesk allows
// ~10 s and retries on errors. A Fastify route of its own, as the liveness probe: Nest's route pipeline (its
// param and header decorators, the global pipe, the response controller) was a measured part of a delivery's CPU
// on the web process's one event loop (docs/performance.md, issue 14). Everything else is as for any route: the
// global hooks (request id, log line, API headers, the raw body and its 1 MB limit), and a thrown error answered
// by Nest's error handler, so by the global ProblemDetailsFilter and its mapping of error codes.
@Injectable()
export class ZendeskWebhookRoute implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly intake: WebhookIntakeService,
  ) {}

  onModuleInit(): void {
    // None in an application context without HTTP (the CLI).
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.post(WEBHOOK_ROUTE, (request: Delivery, reply) => this.receive(request, reply));
  }

  private async receive(request: Delivery, reply: FastifyReply): Promise<FastifyReply> {
    // The raw parser keeps a webhook's bytes (request-bodies.ts); a delivery without a body has none.
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    // Node joins a repeated header into one string: never an array here.
    const signature = request.headers['x-zendesk-webhook-signature'] as string | undefined;
    const timestamp = request.headers['x-zendesk-webhook-signature-timestamp'] as string | undefined;
    const job = await this.intake.accept(request.params.organizationId, { rawBody, signature, timestamp });
    return reply.code(202).send({ accepted: true, eventId: job.eventId });
  }
}

// The route in the OpenAPI document as its Nest controller documented it (its operation id included, which
// generated clients name their method after).
export function documentZendeskWebhook(document: OpenAPIObject): OpenAPIObject {
  document.paths[WEBHOOK_DOCUMENTED_PATH] = {
    post: {
      operationId: 'ZendeskWebhookController_receive',
      parameters: [{ name: 'organizationId', required: true, in: 'path', schema: { type: 'string' } }],
      responses: { 202: { description: '' } },
      tags: ['webhooks'],
    },
  };
  return document;
}
