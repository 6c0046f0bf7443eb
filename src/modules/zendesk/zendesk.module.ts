import { Module } from '@nestjs/common';
import { HelpCenterGateway } from './application/ports/help-center-gateway';
import { MacroGateway } from './application/ports/macro-gateway';
import { RequestGuard } from './application/ports/request-guard';
import { ZendeskAdminGateway } from './application/ports/zendesk-admin-gateway';
import { SolvedTicketGateway } from './application/ports/solved-ticket-gateway';
import { ZendeskGateway } from './application/ports/zendesk-gateway';
import { NodeZendeskGateway } from './infrastructure/node-zendesk.gateway';
import { HttpZendeskAdminGateway } from './infrastructure/zendesk-admin.gateway';
import { PostgresRequestGuard } from './infrastructure/postgres-request-guard';
import { ZendeskHelpCenterGateway } from './infrastructure/zendesk-help-center.gateway';
import { ZendeskMacroGateway } from './infrastructure/zendesk-macro.gateway';
import { ZendeskTicketExportGateway } from './infrastructure/zendesk-ticket-export.gateway';

@Module({
  providers: [
    { provide: ZendeskGateway, useClass: NodeZendeskGateway },
    { provide: HelpCenterGateway, useClass: ZendeskHelpCenterGateway },
    { provide: MacroGateway, useClass: ZendeskMacroGateway },
    { provide: RequestGuard, useClass: PostgresRequestGuard },
    { provide: ZendeskAdminGateway, useClass: HttpZendeskAdminGateway },
    { provide: SolvedTicketGateway, useClass: ZendeskTicketExportGateway },
  ],
  exports: [ZendeskGateway, HelpCenterGateway, MacroGateway, ZendeskAdminGateway, SolvedTicketGateway],
})
export class ZendeskModule {}
