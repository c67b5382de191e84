// Exhaustive routing over a tagged union: a handler table needs one entry per frame type, so a new
// frame type that nobody handles fails the typecheck instead of being silently ignored.

/** One handler per variant of `F` (told apart by `t`), each given its own variant. */
export type Handlers<F extends { t: string }, C, R = void> = { [K in F['t']]: (frame: Extract<F, { t: K }>, ctx: C) => R };

/** Calls the handler for `frame.t`. */
export function route<F extends { t: string }, C, R>(handlers: Handlers<F, C, R>, frame: F, ctx: C): R {
  return (handlers[frame.t as F['t']] as (frame: F, ctx: C) => R)(frame, ctx);
}

/** For a switch over a union: the compiler proves this line unreachable, or the switch misses a case. */
export function unreachable(value: never): never {
  throw new Error(`unhandled case ${JSON.stringify(value)}`);
}
