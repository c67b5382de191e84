// Visit context (DESIGN §11): what the widget collects about the visit — and nothing else — for the
// helpdesk's view of who it is talking to. The relay adds the user agent, and the visitor's address only
// for a site with `privacy.forwardIp`.
import { URL_MAX } from './patterns.js';
import { array, int, literal, object, optional, string, type Infer } from './schema.js';

const short = () => string({ max: 200 });

/** UTM parameters of the landing page, as the campaign wrote them. */
export const utmSchema = object({ source: optional(short()), medium: optional(short()), campaign: optional(short()), term: optional(short()), content: optional(short()) });
export type Utm = Infer<typeof utmSchema>;

const contextShape = {
  timeZone: optional(string({ max: 64 })),
  languages: optional(array(string({ max: 35 }), { max: 10 })),
  device: optional(literal('mobile', 'tablet', 'desktop')),
  screen: optional(object({ w: int(0, 100_000), h: int(0, 100_000) })),
  /** The first page of the visit, redacted like every page address. */
  landing: optional(string({ max: URL_MAX })),
  utm: optional(utmSchema),
  /** How many visits this browser has made to the site, this one included. */
  visits: optional(int(1)),
};
/** `hello.context`: what the widget knows of the visit. */
export const visitContextSchema = object(contextShape);
export type VisitContext = Infer<typeof visitContextSchema>;

/** The context as the helpdesk sees it: the widget's, plus the user agent the relay saw (and the address, with `privacy.forwardIp`). */
export const forwardedContextSchema = object({ ...contextShape, userAgent: optional(string({ max: 512 })), ip: optional(string({ max: 45 })) });
export type ForwardedContext = Infer<typeof forwardedContextSchema>;
