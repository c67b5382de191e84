// The pre-chat form (DESIGN §7, §11): which fields a site asks for before the first message, each
// required or not, and an optional consent checkbox. The site's config and what the widget receives.
import { array, boolean, literal, object, optional, withDefault, type Infer } from './schema.js';
import { partialLocalized } from './shapes.js';

/** The fields a pre-chat form may ask for, in the order the form shows them when configured so. */
export const PRECHAT_FIELDS = ['name', 'email', 'phone'] as const;
export type PrechatFieldName = (typeof PRECHAT_FIELDS)[number];

const fieldName = /* @__PURE__ */ literal(...PRECHAT_FIELDS);

const uniqueNames = (fields: { name: string }[]) => {
  const seen = new Set<string>();
  for (let i = 0; i < fields.length; i++) {
    if (seen.has(fields[i]!.name)) return { at: `[${i}].name`, message: `repeats "${fields[i]!.name}"` };
    seen.add(fields[i]!.name);
  }
  return undefined;
};

/** `prechat` in a site's config. */
export const prechatSchema = /* @__PURE__ */ object(
  {
    enabled: withDefault(boolean(), false),
    fields: withDefault(array(object({ name: fieldName, required: withDefault(boolean(), false) }, { unknown: 'refuse' }), { min: 1, max: PRECHAT_FIELDS.length, refine: uniqueNames }), [
      { name: 'name', required: true },
      { name: 'email', required: false },
    ]),
    /** The consent checkbox's words; absent: no checkbox. */
    consentText: optional(partialLocalized()),
  },
  { unknown: 'refuse' },
);
export type PrechatConfig = Infer<typeof prechatSchema>;

/** `prechat` as the widget receives it in widget-config: everything optional, any relay version. */
export const widgetPrechatSchema = /* @__PURE__ */ object({
  enabled: optional(boolean()),
  fields: optional(array(object({ name: fieldName, required: optional(boolean()) }))),
  consentText: optional(partialLocalized()),
});
export type WidgetPrechat = Infer<typeof widgetPrechatSchema>;
