import { MacrosPage } from '../../domain/macro';
import { ZendeskAccount } from '../../domain/ticket';

// The account's macros, for the knowledge-base sync (reads only: Assist never applies a macro).
export abstract class MacroGateway {
  // One page of the active macros the API token's user may see; `cursor` null for the first page.
  abstract listActiveMacros(account: ZendeskAccount, cursor: string | null): Promise<MacrosPage>;
}
