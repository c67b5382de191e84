// What the socket hub and the HTTP API share: config, bus, webhook sender, presence and metrics.
import type { ResolvedConfig } from './config.js';
import type { Bus } from './bus.js';
import type { RelayLog } from './log.js';
import type { Metrics } from './metrics.js';
import type { Presence } from './presence.js';
import type { SiteSchedules } from './schedule.js';
import type { WebhookSender } from './webhooks.js';
import type { LiveVisitors } from './visitor-list.js';

export interface RelayContext {
  config: ResolvedConfig;
  bus: Bus;
  metrics: Metrics;
  log: RelayLog;
  webhooks: WebhookSender;
  /** Current agentsOnline per site, starting at the stored value or the site config, set by the helpdesk. */
  presence: Presence;
  /** Each site's business hours: open now, and when it opens next. */
  hours: SiteSchedules;
  /** Who is connected now, on every instance (GET /v1/sites/:site/visitors). */
  visitors: LiveVisitors;
}

/** The site with this id, or undefined. */
