// Redis calls made on a request's path must not hang it while Redis is away: each gets a deadline.

/** Resolves to p's value, or to fallback once ms pass first; the timer never outlives the race. */
export async function bounded<T, F>(p: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
