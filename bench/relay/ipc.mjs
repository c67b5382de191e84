// The orchestrator's line to each bench process: request/answer over Node's IPC channel, so the
// processes stay separate (their CPU and memory are their own) yet run in lock step.

/** In a child: answers `{id, cmd, args}` with `handlers[cmd](args)`; exits when the parent goes away. */
export function serve(handlers) {
  process.on('disconnect', () => process.exit(0));
  process.on('message', async (m) => {
    try {
      const value = await handlers[m.cmd](m.args ?? {});
      process.send({ re: m.id, value });
    } catch (e) {
      process.send({ re: m.id, error: String(e?.stack ?? e) });
    }
  });
  process.send({ ready: true });
}

/** In the parent: a child process as something to `call(cmd, args)`; resolves once the child serves. */
export function client(child, name) {
  let next = 0;
  const waiting = new Map();
  let ready;
  const isReady = new Promise((r) => (ready = r));
  child.on('message', (m) => {
    if (m.ready) return ready();
    const w = waiting.get(m.re);
    if (!w) return;
    waiting.delete(m.re);
    if (m.error) w.reject(new Error(`${name}: ${m.error}`));
    else w.resolve(m.value);
  });
  child.on('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`${name} exited (${code ?? signal})`));
    waiting.clear();
  });
  return {
    child,
    ready: () => isReady,
    call(cmd, args) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      });
    },
  };
}
