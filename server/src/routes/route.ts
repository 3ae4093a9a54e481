import type { RequestContext } from '../context.js';
import { reloadClient } from '../auth/clients.js';
import type { Reply } from '../http.js';
import { clientJson } from '../serialize.js';

export interface Route {
  /** Effective method (after `_method` tunnelling). */
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Path pattern with `:name` segments. */
  path: string;
  handler: (ctx: RequestContext) => Promise<Reply>;
  /** Client-scoped mutation: 4xx errors carry the current client in `meta.client` (§5, OP-7). */
  piggyback?: boolean;
}

/** `{response, client}` with the full, current client (§5). */
export async function envelope(ctx: RequestContext, response: unknown): Promise<Reply> {
  const client = await reloadClient(ctx);
  return { status: 200, body: { response, client: client ? await clientJson(ctx, client) : null } };
}
