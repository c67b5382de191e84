// Counters exposed at /metrics in the Prometheus text format.

/** The relay's counters; plain numbers so hot paths only increment. */
export class Metrics {
  connections = 0;
  connectionsTotal = 0;
  framesIn = 0;
  framesOut = 0;
  frameErrors = 0;
  framesRefused = 0;
  webhooksOk = 0;
  webhooksFailed = 0;
  webhookTries = 0;
  webhooksShed = 0;
  httpRequests = 0;
  /** Whether the bus reaches other instances now; asked at each scrape rather than tracked. */
  busUp: () => boolean = () => true;

  /** Renders the Prometheus text exposition. */
  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, value: number, labels = '') => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value}`);
    };
    metric('parley_connections', 'gauge', 'Open visitor WebSocket connections.', this.connections);
    metric('parley_connections_total', 'counter', 'Visitor WebSocket connections accepted.', this.connectionsTotal);
    metric('parley_frames_received_total', 'counter', 'Frames received from visitors.', this.framesIn);
    metric('parley_frames_sent_total', 'counter', 'Frames sent to visitors.', this.framesOut);
    metric('parley_frame_errors_total', 'counter', 'Visitor frames refused as malformed.', this.frameErrors);
    metric('parley_frames_refused_total', 'counter', 'Visitor frames refused, by reason.', this.framesRefused, '{reason="rate_limited"}');
    lines.push('# HELP parley_webhooks_total Webhook deliveries by result.', '# TYPE parley_webhooks_total counter');
    lines.push(`parley_webhooks_total{result="ok"} ${this.webhooksOk}`, `parley_webhooks_total{result="failed"} ${this.webhooksFailed}`);
    metric('parley_webhooks_dropped_total', 'counter', 'Latest-wins and best-effort webhooks shed because a site\'s queue was full, superseded or past their deadline.', this.webhooksShed);
    metric('parley_webhook_tries_total', 'counter', 'HTTP attempts made to deliver webhooks.', this.webhookTries);
    metric('parley_http_requests_total', 'counter', 'HTTP API requests.', this.httpRequests);
    metric('parley_bus_up', 'gauge', 'Whether events reach other relay instances (1; always with the in-memory bus) or not (0, Redis down).', this.busUp() ? 1 : 0);
    return lines.join('\n') + '\n';
  }
}
