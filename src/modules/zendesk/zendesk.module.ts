import { Module } from '@nestjs/common';
import { HelpCenterGateway } from './application/ports/help-center-gateway';
import { RequestGuard } from './application/ports/request-guard';
import { ZendeskGateway } from './application/ports/zendesk-gateway';
import { NodeZendeskGateway } from './infrastructure/node-zendesk.gateway';
import { PostgresRequestGuard } from './infrastructure/postgres-request-guard';
import { ZendeskHelpCenterGateway } from './infrastructure/zendesk-help-center.gateway';

@Module({
  providers: [
    { provide: ZendeskGateway, useClass: NodeZendeskGateway },
    { provide: HelpCenterGateway, useClass: ZendeskHelpCenterGateway },
    { provide: RequestGuard, useClass: PostgresRequestGuard },
  ],
  exports: [ZendeskGateway, HelpCenterGateway],
})
export class ZendeskModule {}
