// The site's public widget-config: fetched once per page, cached, and never required — the
// widget must work with the relay down, so every field has a safe default.
// Owns: reading, checking and fetching the widget-config. Must not: apply it (the client does).
import { fits } from '../../protocol/schema.js';
import { widgetConfigSchema, type WidgetConfig } from '../../protocol/widget-config.js';
import { fetchJson } from './fetch-json.js';
import { httpBase } from './url.js';

export type { WidgetConfig };

/** A widget-config as the relay serves it (fetched or cached), or null when it is not one. */
export function readConfig(body: unknown): WidgetConfig | null {
  return fits(widgetConfigSchema, body) ? (body as WidgetConfig) : null;
}

/** Fetches the site's widget-config; resolves null on any failure. */
export async function fetchConfig(relay: string, site: string, timeoutMs = 8000): Promise<WidgetConfig | null> {
  return readConfig(await fetchJson(`${httpBase(relay)}/v1/sites/${encodeURIComponent(site)}/widget-config`, timeoutMs));
}
