import { Module } from '@nestjs/common';
import { HelpCenterGateway } from './application/ports/help-center-gateway';
import { ZendeskGateway } from './application/ports/zendesk-gateway';
import { NodeZendeskGateway } from './infrastructure/node-zendesk.gateway';
import { ZendeskHelpCenterGateway } from './infrastructure/zendesk-help-center.gateway';

@Module({
  providers: [
    { provide: ZendeskGateway, useClass: NodeZendeskGateway },
    { provide: HelpCenterGateway, useClass: ZendeskHelpCenterGateway },
  ],
  exports: [ZendeskGateway, HelpCenterGateway],
})
export class ZendeskModule {}
