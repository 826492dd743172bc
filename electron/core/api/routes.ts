import { API_PREFIX } from '../../../institution/contract/api.ts';

/**
 * Paths of the Institution API the desktop calls, in one table so they can be checked
 * against institution/openapi.yaml. `retrySafe` marks calls that may be repeated after
 * the server might have seen them: reads, logout, audit batches (the institution
 * acknowledges re-sent events without storing them twice) and enrolment (the same key
 * again is answered 200 even once the code is spent), challenges and audit-head anchors.
 * Login, refresh (rotates the refresh token) and re-authentication (counts toward lockout)
 * are sent at most once to a server that might have received them; so is an agent-state
 * report (a repeat would enter the operator's history twice). SIP credentials may be asked
 * again: the first answer is simply never used.
 */
/** `{id}`-style placeholders in a route's path are filled by `pathOf` (client.ts). */
export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  retrySafe: boolean;
}

export const routes = {
  health: { method: 'GET', path: `${API_PREFIX}/health`, retrySafe: true },
  // A challenge only hands out a nonce; asking again costs nothing but an unused nonce.
  challenge: { method: 'POST', path: `${API_PREFIX}/auth/challenge`, retrySafe: true },
  login: { method: 'POST', path: `${API_PREFIX}/auth/login`, retrySafe: false },
  refresh: { method: 'POST', path: `${API_PREFIX}/auth/refresh`, retrySafe: false },
  logout: { method: 'POST', path: `${API_PREFIX}/auth/logout`, retrySafe: true },
  reauthenticate: { method: 'POST', path: `${API_PREFIX}/auth/reauthenticate`, retrySafe: false },
  me: { method: 'GET', path: `${API_PREFIX}/me`, retrySafe: true },
  enrollWorkstation: { method: 'POST', path: `${API_PREFIX}/workstations/enroll`, retrySafe: true },
  auditBatch: { method: 'POST', path: `${API_PREFIX}/audit/events`, retrySafe: true },
  // The same signed head again only confirms what the institution holds.
  anchor: { method: 'POST', path: `${API_PREFIX}/workstations/anchor`, retrySafe: true },
  siteProfile: { method: 'GET', path: `${API_PREFIX}/site-profile`, retrySafe: true },
  events: { method: 'GET', path: `${API_PREFIX}/events`, retrySafe: false },
  sipCredentials: { method: 'POST', path: `${API_PREFIX}/phone/credentials`, retrySafe: true },
  agentState: { method: 'PUT', path: `${API_PREFIX}/phone/state`, retrySafe: false },
  phoneCodes: { method: 'GET', path: `${API_PREFIX}/phone/codes`, retrySafe: true },
  // A read (the screen pop); a repeat only costs one more lookup of the operator's budget.
  lookUpCaller: { method: 'POST', path: `${API_PREFIX}/phone/callers/lookup`, retrySafe: true },
  // The institution stores a call record once per operator + call id and answers a replay alike.
  recordCall: { method: 'POST', path: `${API_PREFIX}/phone/calls`, retrySafe: true },
  // The knowledge base, readers: reads, and an acknowledgement the institution records once per version.
  kbSpaces: { method: 'GET', path: `${API_PREFIX}/kb/spaces`, retrySafe: true },
  kbSearch: { method: 'GET', path: `${API_PREFIX}/kb/search`, retrySafe: true },
  kbMandatory: { method: 'GET', path: `${API_PREFIX}/kb/mandatory`, retrySafe: true },
  kbArticle: { method: 'GET', path: `${API_PREFIX}/kb/articles/{id}`, retrySafe: true },
  kbAcknowledge: { method: 'POST', path: `${API_PREFIX}/kb/articles/{id}/acknowledge`, retrySafe: true },
  // An article image's bytes (kb.image): a read.
  kbImage: { method: 'GET', path: `${API_PREFIX}/kb/images/{imageId}`, retrySafe: true },
  // An author's image upload: the institution stores one image per space and bytes and answers the
  // same id for the same bytes again (200 instead of 201), so a repeat after it may have arrived is safe.
  kbUploadImage: { method: 'POST', path: `${API_PREFIX}/kb/images`, retrySafe: true },
  // Authors. A create or draft sent twice would make two drafts; a publish or retire the server saw
  // answers 409 when repeated (it looks stale): none of them is repeated after it may have arrived.
  kbAuthorArticles: { method: 'GET', path: `${API_PREFIX}/kb/spaces/{id}/articles`, retrySafe: true },
  kbHistory: { method: 'GET', path: `${API_PREFIX}/kb/articles/{id}/versions`, retrySafe: true },
  kbUnread: { method: 'GET', path: `${API_PREFIX}/kb/articles/{id}/unread`, retrySafe: true },
  kbCreateArticle: { method: 'POST', path: `${API_PREFIX}/kb/articles`, retrySafe: false },
  kbSaveDraft: { method: 'POST', path: `${API_PREFIX}/kb/articles/{id}/versions`, retrySafe: false },
  kbPublish: { method: 'POST', path: `${API_PREFIX}/kb/articles/{id}/publish`, retrySafe: false },
  kbRetire: { method: 'POST', path: `${API_PREFIX}/kb/articles/{id}/retire`, retrySafe: false },
  // Spaces (kb-space-calls.ts): a create sent twice answers 409 the second time (it looks taken), so it is
  // not repeated; setting the whole list of read roles again changes nothing.
  kbCreateSpace: { method: 'POST', path: `${API_PREFIX}/kb/spaces`, retrySafe: false },
  kbSetSpaceRoles: { method: 'PUT', path: `${API_PREFIX}/kb/spaces/{id}/read-roles`, retrySafe: true },
  // Tickets (electron/core/tickets). Reads are reads. A create carries its Idempotency-Key: the same key
  // and body again answers the first receipt, so repeating it is safe. A comment, transition, assignment
  // or extension sent twice would act twice (or answer 409): never repeated after it may have arrived;
  // a reveal is audited per request, so it is not repeated either.
  ticketTypes: { method: 'GET', path: `${API_PREFIX}/tickets/types`, retrySafe: true },
  ticketTypeVersion: { method: 'GET', path: `${API_PREFIX}/tickets/types/{typeId}/versions/{version}`, retrySafe: true },
  ticketFilingSession: { method: 'GET', path: `${API_PREFIX}/tickets/filing-session`, retrySafe: true },
  ticketCreate: { method: 'POST', path: `${API_PREFIX}/tickets`, retrySafe: true },
  // Each item carries its own Idempotency-Key: the same batch again answers replays.
  ticketCreateBatch: { method: 'POST', path: `${API_PREFIX}/tickets/batch`, retrySafe: true },
  ticketList: { method: 'GET', path: `${API_PREFIX}/tickets`, retrySafe: true },
  ticketGet: { method: 'GET', path: `${API_PREFIX}/tickets/{id}`, retrySafe: true },
  ticketComments: { method: 'GET', path: `${API_PREFIX}/tickets/{id}/comments`, retrySafe: true },
  ticketHistory: { method: 'GET', path: `${API_PREFIX}/tickets/{id}/history`, retrySafe: true },
  ticketAssignees: { method: 'GET', path: `${API_PREFIX}/tickets/{id}/assignees`, retrySafe: true },
  ticketComment: { method: 'POST', path: `${API_PREFIX}/tickets/{id}/comments`, retrySafe: false },
  ticketTransition: { method: 'POST', path: `${API_PREFIX}/tickets/{id}/transition`, retrySafe: false },
  ticketAssign: { method: 'POST', path: `${API_PREFIX}/tickets/{id}/assign`, retrySafe: false },
  ticketExtend: { method: 'POST', path: `${API_PREFIX}/tickets/{id}/extend`, retrySafe: false },
  ticketReveal: { method: 'POST', path: `${API_PREFIX}/tickets/{id}/reveal`, retrySafe: false },
} as const satisfies Record<string, Route>;
