// A histogram for the message path, rendered by prom-client's registry like its own. Its callers
// resolve a series once and keep it: prom-client's Histogram checks and hashes its labels on every
// observe (about a microsecond each, and every visitor message is observed twice).
import type { Registry } from './prom.js';

/** One series of a histogram: a count per bucket, its sum and its count. */
export class HistogramSeries {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;

  constructor(
    private readonly bounds: readonly number[],
    readonly labels: Readonly<Record<string, string>>,
  ) {
    this.counts = bounds.map(() => 0);
  }

  /** Counts one value (seconds); a value that is not a finite number is not counted. */
  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.bounds.length; i++) {
      if (value <= this.bounds[i]!) {
        this.counts[i]!++;
        return;
      }
    }
  }

  /** The series as Prometheus samples: cumulative buckets, then +Inf, sum and count. */
  samples(name: string): Sample[] {
    let acc = 0;
    const out: Sample[] = this.bounds.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le }, sharedLabels: this.labels, value: (acc += this.counts[i]!) }));
    out.push(
      { metricName: `${name}_bucket`, labels: { le: '+Inf' }, sharedLabels: this.labels, value: this.count },
      { metricName: `${name}_sum`, labels: {}, sharedLabels: this.labels, value: this.sum },
      { metricName: `${name}_count`, labels: {}, sharedLabels: this.labels, value: this.count },
    );
    return out;
  }

  reset(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
}

/** A sample as prom-client's registry renders it (its own histograms give it the same shape). */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  sharedLabels: Readonly<Record<string, string>>;
  value: number;
}

/** A histogram of named label values, registered in `registry`. */
export class FastHistogram<L extends string = never> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly L[],
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    // The registry takes any object with a name and get(); its typings name only its own classes.
    registry.registerMetric(this as unknown as Parameters<Registry['registerMetric']>[0]);
  }

  /** The series of these label values, made on first use: keep it rather than asking per value. */
  of(labels: Readonly<Record<L, string>>): HistogramSeries {
    const key = this.labelNames.map((n) => labels[n]).join('\u0000');
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = new HistogramSeries(this.bounds, labels)));
    return s;
  }

  /** What the registry renders (prom-client's Metric#get). */
  async get() {
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values: [...this.series.values()].flatMap((s) => s.samples(this.name)) };
  }

  /** Registry#resetMetrics. */
  reset(): void {
    for (const s of this.series.values()) s.reset();
  }
}
