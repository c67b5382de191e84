// The relay's HTTP API as data (DESIGN §4): one entry per call, naming its method, path, body and
// answer. The OpenAPI document, the helpdesk kit's client and the README's table are generated from
// this list, so a call added here reaches all three; a test holds it to what the relay answers.
import { apiAnswers, apiBodies } from './api.js';
import { faqDocumentSchema } from './faq.js';
import type { ObjectSchema, Schema } from './schema.js';
import { widgetConfigSchema } from './widget-config.js';
import { int, object, optional, string } from './schema.js';
import { VISITOR_LIST_MAX_LIMIT } from './visitor-list.js';

/** One call of the HTTP API. */
export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path with `{name}` parameters; `{site}` is the site's id. */
  readonly path: string;
  /** The JSON body it takes, if any. */
  readonly body?: Schema<any, any>;
  /** Its query parameters, as an object of optional fields. */
  readonly query?: ObjectSchema<any, any>;
  /** The status of a successful answer. */
  readonly status: number;
  readonly answer: Schema<any, any>;
  /** Behind `Authorization: Bearer <apiSecret>` (else public, CORS for the site's origins). */
  readonly auth: boolean;
  /** One sentence for the documents. */
  readonly doc: string;
}

const visitorPath = <C extends string>(call: C) => `/v1/sites/{site}/visitors/{visitorId}/${call}` as const;

/** Every call, named as the helpdesk kit's client names its method. */
export const apiRoutes = {
  sendMessage: {
    method: 'POST',
    path: visitorPath('messages'),
    body: apiBodies.message,
    status: 202,
    answer: apiAnswers.sent,
    auth: true,
    doc: 'Sends an agent message to the visitor; delivered: false means no socket of theirs is open anywhere (hand it back in your answer to visitor.connected).',
  },
  setTyping: {
    method: 'POST',
    path: visitorPath('typing'),
    body: apiBodies.typing,
    status: 202,
    answer: apiAnswers.delivered,
    auth: true,
    doc: 'Shows or clears "agent is typing" in the widget; it clears itself 6 s after the last true.',
  },
  invite: {
    method: 'POST',
    path: visitorPath('invitations'),
    body: apiBodies.invitation,
    status: 202,
    answer: apiAnswers.sent,
    auth: true,
    doc: 'Shows an invitation (a teaser by the bubble) to the visitor.',
  },
  resolve: {
    method: 'POST',
    path: visitorPath('resolve'),
    body: apiBodies.resolve,
    status: 202,
    answer: apiAnswers.sent,
    auth: true,
    doc: 'Ends the conversation; askRating (default: the site\'s rating.enabled) asks for a rating. Not delivered: hand it back as resolved in your answer to visitor.connected.',
  },
  markRead: {
    method: 'POST',
    path: visitorPath('read'),
    body: apiBodies.read,
    status: 202,
    answer: apiAnswers.delivered,
    auth: true,
    doc: 'Tells the visitor the agent has read their messages up to upTo: "Seen" shows under the last one it covers.',
  },
  listVisitors: {
    method: 'GET',
    path: '/v1/sites/{site}/visitors',
    query: object({ limit: optional(int(1, VISITOR_LIST_MAX_LIMIT)), cursor: optional(string()) }),
    status: 200,
    answer: apiAnswers.visitors,
    auth: true,
    doc: 'Who is on the site now, on every relay instance: page, context and claims\' name; limit (default 100) and the next cursor page it; missing names instances that did not answer within 500 ms.',
  },
  setPresence: {
    method: 'PUT',
    path: '/v1/sites/{site}/presence',
    body: apiBodies.presence,
    status: 200,
    answer: apiAnswers.presence,
    auth: true,
    doc: 'Sets how many agents are online, broadcast to the site\'s visitors on every instance; answers with the site\'s hours (open, opensAt).',
  },
  widgetConfig: {
    method: 'GET',
    path: '/v1/sites/{site}/widget-config',
    status: 200,
    answer: widgetConfigSchema,
    auth: false,
    doc: 'What the widget learns of its site: theme, locale, rules, FAQ address, typing preview, texts, presence and hours.',
  },
  faq: {
    method: 'GET',
    path: '/v1/sites/{site}/faq',
    status: 200,
    answer: faqDocumentSchema,
    auth: false,
    doc: 'The site\'s inline FAQ articles.',
  },
} as const satisfies Record<string, ApiRoute>;

/** The name of one call (`sendMessage`). */
export type ApiRouteName = keyof typeof apiRoutes;

/** The `{name}` parameters of a path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}
