import { isoSeconds, MAX_PAGE_SIZE, paginate, Reply } from './simulator-http';

// The Macros half of the simulator: macros as Zendesk's Macros API represents them, and the documented list of
// active macros (GET /api/v2/macros/active.json) with cursor pagination and the usage sideloads.

export interface SimMacroAction {
  field: string;
  // comment_value: the text, or [channel, text]; comment_value_html: HTML; other fields their value.
  value: unknown;
}

export interface SimMacro {
  id: number;
  url: string;
  title: string;
  raw_title: string;
  description: string | null;
  active: boolean;
  default: boolean;
  position: number;
  actions: SimMacroAction[];
  // null: every agent may use it; a group's ({ type: 'Group', id, ids }) or an agent's own ({ type: 'User', id }).
  restriction: { type: 'Group'; id: number; ids: number[] } | { type: 'User'; id: number } | null;
  created_at: string;
  updated_at: string;
  // Times applied in the last 30 days: sent only when asked for (include=usage_30d).
  usage30d: number;
}

export interface NewMacro {
  title: string;
  // The comment the macro adds: plain text (comment_value), or [channel, text], or HTML (comment_value_html).
  comment?: string | [string, string];
  commentHtml?: string;
  // Other actions, e.g. { field: 'status', value: 'solved' }.
  actions?: SimMacroAction[];
  description?: string;
  active?: boolean;
  restriction?: SimMacro['restriction'];
  usage30d?: number;
}

const USAGE_SIDELOADS = ['usage_1h', 'usage_24h', 'usage_7d', 'usage_30d'];

export class MacrosSimulator {
  private readonly macros: SimMacro[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly nextId: () => number,
    // The API token's user: its own personal macros are listed, other agents' are not.
    private readonly apiUserId: () => number,
  ) {}

  addMacro(input: NewMacro): SimMacro {
    const id = this.nextId();
    const now = isoSeconds(Date.now() / 1000);
    const comment: SimMacroAction[] = [
      ...(input.comment !== undefined ? [{ field: 'comment_value', value: input.comment }] : []),
      ...(input.commentHtml !== undefined ? [{ field: 'comment_value_html', value: input.commentHtml }] : []),
    ];
    const macro: SimMacro = {
      id,
      url: `${this.baseUrl}/api/v2/macros/${id}.json`,
      title: input.title,
      raw_title: input.title,
      description: input.description ?? null,
      active: input.active ?? true,
      default: false,
      position: this.macros.length + 1,
      actions: [...comment, ...(input.actions ?? [])],
      restriction: input.restriction ?? null,
      created_at: now,
      updated_at: now,
      usage30d: input.usage30d ?? 0,
    };
    this.macros.push(macro);
    return structuredClone(macro);
  }

  updateMacro(id: number, changes: Partial<Pick<SimMacro, 'title' | 'description' | 'active' | 'actions' | 'restriction'>>): void {
    const macro = this.macros.find((m) => m.id === id);
    if (!macro) throw new Error(`Simulator has no macro ${id}`);
    Object.assign(macro, changes, changes.title === undefined ? {} : { raw_title: changes.title });
    macro.updated_at = isoSeconds(Date.now() / 1000);
  }

  route(method: string, path: string, url: URL): Reply | null {
    if (method === 'GET' && path === '/api/v2/macros/active.json') return this.listActive(url);
    return null;
  }

  // Shared and group macros, and the API user's own personal macros, as Zendesk lists "the active shared and
  // personal macros available to the current user"; in creation order. Cursor pagination when page[size] (or
  // page[after]) is given, else offset pagination's first page.
  private listActive(url: URL): Reply {
    const include = (url.searchParams.get('include') ?? '').split(',').filter((name) => USAGE_SIDELOADS.includes(name));
    const visible = this.macros.filter((m) => m.active && (m.restriction?.type !== 'User' || m.restriction.id === this.apiUserId()));
    const view = (macro: SimMacro) => {
      const { usage30d, ...rest } = macro;
      const usage = Object.fromEntries(include.map((name) => [name, name === 'usage_30d' ? usage30d : 0]));
      return { ...structuredClone(rest), ...usage };
    };
    if (!url.searchParams.has('page[size]') && !url.searchParams.has('page[after]')) {
      return { status: 200, body: { macros: visible.slice(0, MAX_PAGE_SIZE).map(view), count: visible.length, next_page: null, previous_page: null } };
    }
    const { items, meta, links } = paginate(visible, url, MAX_PAGE_SIZE, this.baseUrl);
    // Zendesk's next link keeps the request's other parameters.
    const next = links.next ? new URL(links.next) : null;
    if (next && include.length > 0) next.searchParams.set('include', include.join(','));
    return { status: 200, body: { macros: items.map(view), meta, links: { ...links, next: next?.toString() ?? null } } };
  }
}
