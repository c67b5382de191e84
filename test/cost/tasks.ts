// The main thread's tasks of a page, read from a Chromium trace: how long each ran and whether the
// widget's script ran in it. A task's length is its thread time, not its wall time: under the CPU
// slowdown the throttled thread's time is what the task costs a slow device, while wall time on a busy
// test machine also counts every other process the OS ran meanwhile (a loaded 2-core machine doubled
// it and more), so a bound on wall time would measure the machine.
// Owns: reading tasks out of trace events. Must not: start or stop the trace.
import type { CDPSession } from 'playwright-core';

/** One task of the page's main thread. */
export interface Task {
  /** Thread time in ms. */
  ms: number;
  /** Wall time in ms. */
  wallMs: number;
  /** The widget files whose script ran in it (empty: none). */
  files: string[];
  /**
   * Thread time in ms of the widget's own script in it (compiling and running its files, its callbacks
   * and promise jobs; style, layout, input handling and other script not counted): what of a long task
   * the widget's code can shorten.
   */
  scriptMs: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { url?: string; stackTrace?: { url?: string }[] } };
}

// toplevel: the tasks (with thread times); devtools.timeline: which script ran in them.
const CATEGORIES = 'toplevel,devtools.timeline';

/** Starts tracing `cdp`'s page; the returned function stops it and gives the main thread's tasks, in order. */
export async function traceTasks(cdp: CDPSession): Promise<() => Promise<Task[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  return async () => {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    const main = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const ours = events.filter((e) => e.ph === 'X' && main.has(`${e.pid}:${e.tid}`));
    const tasks = ours.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
    const scripts = ours.filter((e) => /^(EvaluateScript|FunctionCall|v8\.compile|RunMicrotasks)$/.test(e.name)).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    return tasks.map((t) => {
      const end = t.ts + (t.dur ?? 0);
      const files = new Set<string>();
      let scriptUs = 0;
      let countedEnd = 0;
      for (const s of scripts) {
        // Only the task's own thread: the trace holds every renderer's main thread (the page's and
        // others, such as the one a new page starts in), and a task of another renderer that ran while
        // the widget's script ran in the page's is not the widget's.
        if (s.pid !== t.pid || s.tid !== t.tid || s.ts < t.ts || s.ts > end) continue;
        const url = s.args?.data?.url;
        const m = url && /\/(parley(?:-\w+)?\.js)$/.exec(url);
        if (m) files.add(m[1]!);
        // The widget's own: its files' runs and callbacks, and promise jobs, which on the demo page (no
        // script of its own) are mostly the widget's async code resuming after a yield. Events come in
        // start order; one inside the last counted (a compile inside its script's run, promise jobs
        // after a callback) is counted with it.
        if ((!m && s.name !== 'RunMicrotasks') || s.ts < countedEnd) continue;
        countedEnd = s.ts + (s.dur ?? 0);
        scriptUs += s.tdur ?? s.dur ?? 0;
      }
      return { ms: (t.tdur ?? t.dur ?? 0) / 1000, wallMs: (t.dur ?? 0) / 1000, files: [...files], scriptMs: scriptUs / 1000 };
    });
  };
}
