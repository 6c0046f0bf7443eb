import { Module } from '@nestjs/common';
import { ZendeskGateway } from './application/ports/zendesk-gateway';
import { NodeZendeskGateway } from './infrastructure/node-zendesk.gateway';

@Module({
  providers: [{ provide: ZendeskGateway, useClass: NodeZendeskGateway }],
  exports: [ZendeskGateway],
})
export class ZendeskModule {}
