// The pre-chat form (DESIGN §7, §11): which fields a site asks for before the first message, each
// required or not, and an optional consent checkbox, as the widget receives it (the site's config
// of it is in prechat-config.ts, so the widget carries none of its defaults).
import { array, boolean, literal, object, optional, type Infer } from './schema.js';
import { partialLocalized } from './shapes.js';

/** The fields a pre-chat form may ask for, in the order the form shows them when configured so. */
export const PRECHAT_FIELDS = ['name', 'email', 'phone'] as const;
export type PrechatFieldName = (typeof PRECHAT_FIELDS)[number];

export const prechatFieldName = /* @__PURE__ */ literal(...PRECHAT_FIELDS);

/** `prechat` as the widget receives it in widget-config: everything optional, any relay version. */
export const widgetPrechatSchema = /* @__PURE__ */ object({
  enabled: optional(boolean()),
  fields: optional(array(object({ name: prechatFieldName, required: optional(boolean()) }))),
  consentText: optional(partialLocalized()),
});
export type WidgetPrechat = Infer<typeof widgetPrechatSchema>;
