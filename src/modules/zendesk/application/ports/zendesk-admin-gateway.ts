import { ZendeskAccount } from '../../domain/ticket';
import { TriggerDefinition, WebhookDefinition, ZendeskApiUser } from '../../domain/zendesk-setup';

// Setting up an account's Zendesk side: who the token acts as, and the webhook and trigger that call Assist.
// Separate from ZendeskGateway, which only ever touches tickets.
export abstract class ZendeskAdminGateway {
  abstract currentUser(account: ZendeskAccount): Promise<ZendeskApiUser>;

  // The id of a webhook sending to `endpoint`, every page searched; null if none.
  abstract findWebhookTo(account: ZendeskAccount, endpoint: string): Promise<string | null>;
  abstract createWebhook(account: ZendeskAccount, webhook: WebhookDefinition): Promise<string>;
  abstract webhookSigningSecret(account: ZendeskAccount, webhookId: string): Promise<string>;

  // The id of a trigger one of whose actions notifies the webhook, every page searched; null if none.
  abstract findTriggerCalling(account: ZendeskAccount, webhookId: string): Promise<string | null>;
  abstract createTrigger(account: ZendeskAccount, trigger: TriggerDefinition): Promise<string>;
}
