import type { ChannelsOwnedBy } from '../../contract/channels.ts';
import type { CoreHandlers } from '../ipc/dispatch.ts';
import type { DeskEvents } from '../ipc/events.ts';
import type { PushRouter } from '../push/router.ts';
import { createKbAuthoring, type KbAuthoringClient } from './authoring.ts';
import { createKbImageUploadHandlers, type KbImageUploadOptions } from './image-upload.ts';
import { createKbImageHandlers, type KbImageOptions } from './images.ts';
import { createKbProtectionHandlers, type KbProtectionOptions } from './kb-protection.ts';
import { createKbReader, type KbReaderOptions } from './kb-reader.ts';
import { createKbSpaceHandlers, type KbSpaceOptions } from './spaces.ts';

/**
 * The knowledge base inside core: the handlers of every `kb.*` channel and the push that
 * keeps open articles live. desk-core.ts builds it with one call; the reader's channels are
 * here, article images and authoring add theirs beside them (one spread each).
 */
export type KbChannel = Extract<ChannelsOwnedBy<'core'>, `kb.${string}`>;
export type KbHandlers = Pick<CoreHandlers, KbChannel>;

export interface KbDomainOptions {
  client: KbReaderOptions['client'] & KbAuthoringClient & KbImageOptions['client'] & KbImageUploadOptions['client'] & KbSpaceOptions['client'];
  session: KbReaderOptions['session'];
  router: Pick<PushRouter, 'on'>;
  events: Pick<DeskEvents, 'emit'>;
  /** Audits a blocked copy-out attempt (protected viewing, kb-protection.ts). */
  recordBlocked: KbProtectionOptions['recordBlocked'];
}

export interface KbDomain {
  handlers: KbHandlers;
  /** Stops forwarding pushes (core's close). */
  unsubscribes: (() => void)[];
}

export function createKbDomain(o: KbDomainOptions): KbDomain {
  const reader = createKbReader({ client: o.client, session: o.session });
  // The institution's kb-changed (ids only) reaches the page as kb.changed: open viewers and
  // result lists fetch again with the operator's own token, so what they may read decides.
  const unsubscribes = [
    o.router.on('kb-changed', (e) => o.events.emit('kb.changed', { change: e.change, articleId: e.articleId, spaceId: e.spaceId, version: e.version, mandatory: e.mandatory })),
    // A space's read roles changed (space id only): the page asks again, and a reader who lost access closes what it shows.
    o.router.on('kb-space-changed', (e) => o.events.emit('kb.space-changed', { change: e.change, spaceId: e.spaceId })),
  ];
  return {
    handlers: { ...reader, ...createKbImageHandlers({ client: o.client, session: o.session }), ...createKbImageUploadHandlers({ client: o.client, session: o.session }), ...createKbAuthoring({ client: o.client, session: o.session }), ...createKbSpaceHandlers({ client: o.client, session: o.session }), ...createKbProtectionHandlers({ recordBlocked: o.recordBlocked }) },
    unsubscribes,
  };
}
