// The site config as the widget receives it (`GET /v1/sites/:site/widget-config`): the relay serves
// this shape, the widget checks it with `fits`. Its own file, so the widget carries none of the rest
// of the config's schema.
import { any, array, boolean, int, literal, nullable, object, optional, string, type Infer } from './schema.js';
import { partialLocalized } from './shapes.js';

/** `GET /v1/sites/:site/widget-config`: everything optional, so a widget works with any relay version. */
export const widgetConfigSchema = object({
  site: string(),
  locale: optional(string({ max: 16 })),
  theme: optional(object({ color: optional(string({ max: 64 })), position: optional(literal('left', 'right')), scheme: optional(literal('light', 'dark')) })),
  agentsOnline: optional(int(0)),
  /** Within the site's hours now (absent: always open); `opensAt` while closed (DESIGN §8). */
  open: optional(boolean()),
  opensAt: optional(string({ max: 64 })),
  /** "We usually reply in a few minutes", shown while available. */
  responseTime: optional(partialLocalized()),
  rating: optional(object({ enabled: optional(boolean()), comment: optional(boolean()) })),
  /** Checked rule by rule by the invitations chunk against `ruleSchema`, so a bad rule costs only itself. */
  invitations: optional(array(any())),
  faqUrl: optional(nullable(string({ max: 2048 }))),
  typingPreview: optional(
    object({
      enabled: optional(boolean()),
      maskEmails: optional(boolean()),
      sensitivePatterns: optional(array(string())),
      notice: optional(partialLocalized()),
    }),
  ),
  offline: optional(object({ replyTime: optional(partialLocalized()) })),
  /** Whether the paperclip shows, and what the widget refuses before any byte is sent. */
  attachments: optional(object({ enabled: optional(boolean()), maxBytes: optional(int(1)), types: optional(array(string({ max: 127 }))) })),
  limits: optional(object({ maxTextLength: optional(int(1)) })),
  privacy: optional(object({ redactQuery: optional(array(string())) })),
  /** Checked by the pre-chat form's chunk against `widgetPrechatSchema` (prechat.ts): the core carries none of it. */
  prechat: optional(any()),
});
/** What the widget learns of its site from the relay: theme, locale, rules, FAQ, typing preview, texts. */
export type WidgetConfig = Infer<typeof widgetConfigSchema>;
