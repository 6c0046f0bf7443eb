import { Controller, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { FastifyRequest as Request } from 'fastify';
import { WebhookIntakeService } from '../application/webhook-intake.service';

// Answers 202 as soon as the event is stored and queued: Zendesk allows ~10 s and retries on errors.
@ApiTags('webhooks')
@Controller('webhooks/zendesk')
export class ZendeskWebhookController {
  constructor(private readonly intake: WebhookIntakeService) {}

  @Post(':organizationId')
  @HttpCode(202)
  async receive(
    @Param('organizationId') organizationId: string,
    @Req() request: Request,
    @Headers('x-zendesk-webhook-signature') signature: string | undefined,
    @Headers('x-zendesk-webhook-signature-timestamp') timestamp: string | undefined,
  ) {
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const job = await this.intake.accept(organizationId, { rawBody, signature, timestamp });
    return { accepted: true, eventId: job.eventId };
  }
}
