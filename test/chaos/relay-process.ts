// The relay as a real child process, `parley-relay --config FILE`, so the chaos run can SIGKILL it
// (no drain, no goodbye frames, webhooks cut mid-flight) and start it again on the same port.
import { spawn, type ChildProcess } from 'node:child_process';

/** One relay process at a time on a fixed port; `kill` + `start` is a crash and a restart. */
export class RelayProcess {
  private child: ChildProcess | null = null;
  /** Last lines the relay wrote to stderr, for a failure message. */
  readonly stderr: string[] = [];

  constructor(
    private readonly cli: string,
    private readonly configFile: string,
  ) {}

  /** Starts the relay; resolves once it says it listens. */
  start(timeoutMs = 10_000): Promise<void> {
    const child = spawn(process.execPath, [this.cli, '--config', this.configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      this.stderr.push(s);
      if (this.stderr.length > 20) this.stderr.shift();
    });
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error('relay did not start in time')), timeoutMs);
      const fail = (e: Error) => {
        clearTimeout(timer);
        reject(new Error(`${e.message}\n${this.stderr.join('')}`));
      };
      let out = '';
      child.stdout!.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        if (out.includes('listening')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => fail(new Error(`relay exited with ${code}`)));
      child.once('error', fail);
    });
  }

  /** SIGKILLs the relay and waits until the process is gone. */
  kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
