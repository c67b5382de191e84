// The site's public widget-config: fetched once per page, cached, and never required — the
// widget must work with the relay down, so every field has a safe default.
import { httpBase } from './url.js';

/** The shape `GET {relay}/v1/sites/{site}/widget-config` returns. */
export interface WidgetConfig {
  site: string;
  locale?: string;
  theme?: { color?: string; position?: 'left' | 'right' };
  agentsOnline?: number;
  invitations?: unknown[];
  faqUrl?: string;
  typingPreview?: {
    enabled?: boolean;
    maskEmails?: boolean;
    sensitivePatterns?: string[];
    notice?: { en?: string; vi?: string };
  };
  offline?: { replyTime?: { en?: string; vi?: string } };
  limits?: { maxTextLength?: number };
}

/** Fetches the site's widget-config; resolves null on any failure. */
export async function fetchConfig(relay: string, site: string, timeoutMs = 8000): Promise<WidgetConfig | null> {
  if (typeof fetch !== 'function') return null;
  const ctl = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => ctl?.abort(), timeoutMs);
  try {
    const res = await fetch(`${httpBase(relay)}/v1/sites/${encodeURIComponent(site)}/widget-config`, {
      signal: ctl?.signal,
      credentials: 'omit',
    });
    if (!res.ok) return null;
    const body = (await res.json()) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as WidgetConfig) : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** A theme colour safe to put into a stylesheet, or undefined: config text must not inject CSS. */
export function safeColor(c: unknown): string | undefined {
  return typeof c === 'string' && /^(#[0-9a-f]{3,8}|rgba?\([\d\s.,%]+\)|[a-z]{3,20})$/i.test(c.trim()) ? c.trim() : undefined;
}
