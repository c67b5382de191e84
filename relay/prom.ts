// The parts of prom-client the relay uses, each from its own file (histograms are relay/histogram.ts).
// The package's index also loads Summary (with tdigest), the Pushgateway (http, https, url), the
// cluster aggregator and every default metric: about 2.5 MiB of a relay's start RSS for code it
// never runs, or runs only once /metrics is scraped (the process metrics, loaded then).
import { createRequire } from 'node:module';
import type * as Prom from 'prom-client';

const require = createRequire(import.meta.url);

export const Registry: typeof Prom.Registry = require('prom-client/lib/registry');
export const Counter: typeof Prom.Counter = require('prom-client/lib/counter');
export const Gauge: typeof Prom.Gauge = require('prom-client/lib/gauge');
export type Registry = Prom.Registry;
export type Counter<T extends string = string> = Prom.Counter<T>;
export type Gauge<T extends string = string> = Prom.Gauge<T>;

/** prom-client's default process metrics (CPU, memory, event loop, GC), loaded on first use. */
export function collectDefaultMetrics(config: Prom.DefaultMetricsCollectorConfiguration<Prom.RegistryContentType>): void {
  (require('prom-client/lib/defaultMetrics') as typeof Prom.collectDefaultMetrics)(config);
}
