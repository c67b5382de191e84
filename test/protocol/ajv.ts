// A real JSON Schema validator for the tests that hold our schemas and documents to what the relay
// sends: Ajv in draft 2020-12 strict mode, checking the formats the schemas name.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../../protocol/json-schema.js';
import { EMAIL_PATTERN } from '../../protocol/patterns.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

/** A strict 2020-12 validator that checks the formats the schemas name (Ajv only knows them with a plugin). */
export function validator(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('email', EMAIL_PATTERN);
  return ajv;
}

/** One schema compiled by a fresh strict validator. */
export const compile = (schema: JsonSchema): ValidateFunction => validator().compile(schema);

/** Whether `value` validates; the errors, for the assertion's message. */
export function validate(v: ValidateFunction, value: unknown): { ok: boolean; errors: string } {
  const ok = v(value);
  return { ok, errors: ok ? '' : JSON.stringify(v.errors) };
}
