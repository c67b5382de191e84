// The kit's options are checked once, at creation, with the same schemas as every other shape: a bad
// or misspelt option throws there, naming it, instead of failing at the first webhook.
import { check, type Schema } from '../protocol/schema.js';

/** A bad option given to `createWebhookHandler` or `createRelayClient`; `option` names it. */
export class HelpdeskOptionError extends Error {
  readonly code = 'option_invalid' as const;
  readonly option: string;
  constructor(option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'HelpdeskOptionError';
    this.option = option;
  }
}

/** The options with their defaults filled in, or a throw naming the first bad one. */
export function resolveOptions<O>(schema: Schema<O, any>, given: unknown, functions: readonly string[]): O {
  const r = check(schema, given);
  if (!r.ok) throw new HelpdeskOptionError(r.path || 'options', r.message);
  for (const name of functions) {
    const f = (r.value as Record<string, unknown>)[name];
    if (f !== undefined && typeof f !== 'function') throw new HelpdeskOptionError(name, 'must be a function');
  }
  return r.value;
}
