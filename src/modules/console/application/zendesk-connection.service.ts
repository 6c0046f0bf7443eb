import { Injectable } from '@nestjs/common';
import { AssistRecords } from '../../assist/application/ports/assist-records';
import { WebhookError, WebhookErrorCode, WebhookIntakeService } from '../../assist/application/webhook-intake.service';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { Organization } from '../../organizations/domain/organization';
import { ZendeskAdminGateway } from '../../zendesk/application/ports/zendesk-admin-gateway';
import { ZendeskError } from '../../zendesk/domain/zendesk.error';
import { connectionVerdict, ConnectionVerdict, triggerDefinition, TRIGGER_BODY, webhookDefinition, WebhookSetup, ZendeskApiUser, zendeskProblem } from '../../zendesk/domain/zendesk-setup';
import { signZendeskWebhook } from '../../zendesk/infrastructure/webhook-signature';
import { SentTest } from '../domain/webhook-check';

export type ConnectionTest = { user: ZendeskApiUser; verdict: ConnectionVerdict } | { problem: string };

// The console's Connect Zendesk screen: checking the token, setting up the webhook and trigger, and testing the
// intake, over the organization's stored credentials. Zendesk's failures come back as the admin's words.
@Injectable()
export class ZendeskConnectionService {
  // Setups under way by organization: a double click waits for the first, then finds what it created.
  private readonly settingUp = new Map<string, Promise<unknown>>();

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly zendesk: ZendeskAdminGateway,
    private readonly intake: WebhookIntakeService,
    private readonly records: AssistRecords,
  ) {}

  async test(organization: Organization): Promise<ConnectionTest> {
    try {
      const user = await this.zendesk.currentUser(await this.organizations.zendeskAccount(organization));
      return { user, verdict: connectionVerdict(user) };
    } catch (error) {
      return { problem: problemOf(error, 'test') };
    }
  }

  // Idempotent: a webhook already sending to our URL, and a trigger already calling it, are reused. The webhook's
  // signing secret is stored each time (an unchanged one is neither rewritten nor audited).
  async createWebhookAndTrigger(organization: Organization, actor: string): Promise<WebhookSetup | { problem: string }> {
    const before = this.settingUp.get(organization.id) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.setUp(organization, actor));
    this.settingUp.set(organization.id, run);
    try {
      return await run;
    } finally {
      if (this.settingUp.get(organization.id) === run) this.settingUp.delete(organization.id);
    }
  }

  private async setUp(organization: Organization, actor: string): Promise<WebhookSetup | { problem: string }> {
    try {
      const account = await this.organizations.zendeskAccount(organization);
      const endpoint = this.organizations.webhookUrl(organization.id);
      const existingWebhook = await this.zendesk.findWebhookTo(account, endpoint);
      const webhookId = existingWebhook ?? (await this.zendesk.createWebhook(account, webhookDefinition(endpoint)));
      const webhookSigningSecret = await this.zendesk.webhookSigningSecret(account, webhookId);
      await this.organizations.update(organization.id, { webhookSigningSecret }, actor);
      const existingTrigger = await this.zendesk.findTriggerCalling(account, webhookId);
      const triggerId = existingTrigger ?? (await this.zendesk.createTrigger(account, triggerDefinition(webhookId)));
      return { webhookId, webhook: existingWebhook ? 'reused' : 'created', triggerId, trigger: existingTrigger ? 'reused' : 'created' };
    } catch (error) {
      return { problem: problemOf(error, 'create') };
    }
  }

  latestDelivery(organizationId: string) {
    return this.records.findLatestWebhookDelivery(organizationId);
  }

  // The body the trigger sends, signed now with the stored secret, through the webhook's own intake.
  async sendTest(organizationId: string, ticketId: string): Promise<SentTest> {
    const secret = (await this.organizations.webhookSigningSecret(organizationId)) ?? '';
    const rawBody = Buffer.from(TRIGGER_BODY.replace('{{ticket.id}}', ticketId));
    const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    try {
      const job = await this.intake.accept(organizationId, { rawBody, timestamp, signature: signZendeskWebhook(secret, timestamp, rawBody) });
      return job.coalescedInto ? { kind: 'coalesced', eventId: job.eventId, into: job.coalescedInto } : { kind: 'accepted', eventId: job.eventId };
    } catch (error) {
      if (!(error instanceof WebhookError) || error.code === WebhookErrorCode.UnknownOrganization) throw error;
      return { kind: 'refused', why: error.message };
    }
  }
}

function problemOf(error: unknown, doing: 'test' | 'create'): string {
  if (!(error instanceof ZendeskError)) throw error;
  return zendeskProblem({ status: error.status, detail: error.message }, doing);
}
