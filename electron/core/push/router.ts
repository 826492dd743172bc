import { PushEvent } from '../../../institution/contract/api.ts';
import type { AuditChain } from '../audit/chain.ts';

/**
 * Routes the institution's push events to the domains that asked for them. Each kind is
 * typed by the wire contract (institution/contract/api.ts `PushEvent`); a domain registers
 * for its kinds (session and policy now; KB, tickets and agent state as they land). What
 * does not fit — an unknown kind, a known kind with a malformed body, a kind nobody
 * handles — is audited (its kind only, never its data: it is untrusted) and dropped. A
 * failing subscriber cannot stop the others or the channel.
 */
export type PushKind = PushEvent['type'];
export type PushEventOf<K extends PushKind> = Extract<PushEvent, { type: K }>;

export interface PushRouter {
  on<K extends PushKind>(kind: K, handler: (event: PushEventOf<K>) => void): () => void;
  /** One decoded message from the stream (JSON already parsed, nothing else trusted). */
  route(message: unknown, eventId: string | null): void;
}

export interface PushRouterOptions {
  audit: Pick<AuditChain, 'append'>;
  actor: () => string | null;
  log?: (message: string) => void;
}

const schemas = new Map<string, (typeof PushEvent.options)[number]>(PushEvent.options.map((o) => [o.shape.type.value, o]));

/** A kind string fit for an audit record: the institution's text, cut to a safe token. */
const kindLabel = (kind: unknown): string =>
  typeof kind === 'string' ? kind.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 64) || 'empty' : 'missing';
const idLabel = (id: string | null): string | null => (id === null ? null : id.replace(/[^A-Za-z0-9._:-]/g, '_').slice(0, 64));

export function createPushRouter(o: PushRouterOptions): PushRouter {
  const log = o.log ?? ((m: string) => console.error(m));
  const handlers = new Map<string, Set<(event: PushEvent) => void>>();
  const drop = (reason: 'unknown-kind' | 'malformed' | 'unhandled', kind: unknown, eventId: string | null) =>
    o.audit.append('push.dropped', o.actor(), { reason, kind: kindLabel(kind), eventId: idLabel(eventId) });

  return {
    on(kind, handler) {
      if (!schemas.has(kind)) throw new TypeError(`unknown push kind ${String(kind)}`);
      let set = handlers.get(kind);
      if (!set) handlers.set(kind, (set = new Set()));
      const h = handler as (event: PushEvent) => void;
      set.add(h);
      return () => {
        set.delete(h);
      };
    },
    route(message, eventId) {
      const kind = typeof message === 'object' && message !== null && 'type' in message ? message.type : undefined;
      const schema = typeof kind === 'string' ? schemas.get(kind) : undefined;
      if (!schema) return drop('unknown-kind', kind, eventId);
      const parsed = schema.safeParse(message);
      if (!parsed.success) return drop('malformed', kind, eventId);
      const subscribers = [...(handlers.get(parsed.data.type) ?? [])];
      if (subscribers.length === 0) return drop('unhandled', kind, eventId);
      for (const handler of subscribers) {
        try {
          handler(parsed.data);
        } catch (e) {
          log(`push ${parsed.data.type}: subscriber failed with ${e instanceof Error ? e.name : typeof e}`);
        }
      }
    },
  };
}
