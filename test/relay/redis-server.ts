// A throwaway redis-server on a free loopback port, for tests of relays sharing a Redis bus.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { freePort } from '../free-port.js';

export { freePort };

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

export interface RedisServer {
  url: string;
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts redis-server without persistence (on port, else a free one) and resolves once it accepts connections. */
export async function startRedisServer(port?: number, timeoutMs = 10_000): Promise<RedisServer> {
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let exited = false;
  child.once('exit', () => (exited = true));
  const end = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (exited) throw new Error('redis-server exited at start');
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not accept connections on port ${port} within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
