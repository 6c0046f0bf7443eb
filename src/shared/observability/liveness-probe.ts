import { BeforeApplicationShutdown, Injectable, OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { FastifyInstance } from 'fastify';

const LIVE_PATH = '/health/live';
const LIVE = { status: 'ok', info: {}, error: {}, details: {} };
const LIVE_BODY = JSON.stringify(LIVE);

// GET /health/live: 200 while the process answers, 503 once it shuts down, as terminus' `check([])` answered. A
// Fastify route of its own, unauthenticated: every orchestrator polls it, and Nest's route pipeline and terminus
// were most of what it cost beside the bare server (docs/performance.md, issue 14).
@Injectable()
export class LivenessProbe implements OnModuleInit, BeforeApplicationShutdown {
  private shuttingDown = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // None in an application context without HTTP (the CLI).
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    fastify?.get(LIVE_PATH, async (_request, reply) => {
      // The problem filter answers it, as it answered terminus' own.
      if (this.shuttingDown) throw new ServiceUnavailableException({ ...LIVE, status: 'shutting_down' });
      return reply.type('application/json; charset=utf-8').send(LIVE_BODY);
    });
  }

  beforeApplicationShutdown(): void {
    this.shuttingDown = true;
  }
}

// The probe in the OpenAPI document, beside the readiness probe Nest's controller documents.
export function documentLivenessProbe(document: OpenAPIObject): OpenAPIObject {
  document.paths[LIVE_PATH] = {
    get: {
      operationId: 'LivenessProbe_live',
      tags: ['health'],
      responses: {
        200: { description: 'The process answers', content: { 'application/json': { example: LIVE } } },
        503: { description: 'The process is shutting down' },
      },
    },
  };
  return document;
}
