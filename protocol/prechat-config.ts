// `prechat` in a site's config (DESIGN §7): the pre-chat form's fields, each required or not, and the
// consent checkbox's words. Server-side: the widget receives it through widget-config (prechat.ts).
import { array, boolean, object, optional, withDefault, type Infer } from './schema.js';
import { partialLocalized } from './shapes.js';
import { PRECHAT_FIELDS, prechatFieldName } from './prechat.js';

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
    fields: withDefault(array(object({ name: prechatFieldName, required: withDefault(boolean(), false) }, { unknown: 'refuse' }), { min: 1, max: PRECHAT_FIELDS.length, refine: uniqueNames }), [
      { name: 'name', required: true },
      { name: 'email', required: false },
    ]),
    /** The consent checkbox's words; absent: no checkbox. */
    consentText: optional(partialLocalized()),
  },
  { unknown: 'refuse' },
);
export type PrechatConfig = Infer<typeof prechatSchema>;

