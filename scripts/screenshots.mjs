// `npm run screenshots`: pictures of the widget on the demo site, as visitors see it, into
// docs/screenshots (shown in the README). Starts the demo on ports the OS picks and the machine's
// Chromium. A new picture is one more entry in SHOTS: a name, a state from widget-states.mjs, and
// optionally a locale, device, colour scheme or theme.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startDemo } from '../examples/start.mjs';
import * as states from './widget-states.mjs';

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, phone: true };
const PHONE_LANDSCAPE = { viewport: { width: 844, height: 390 }, isMobile: true, phone: true };
/** The bottom-right corner of the desktop page, where the bubble and the panel are. */
const CORNER = { x: 1280 - 440, y: 800 - 624, width: 440, height: 624 };

/**
 * What each state does to a freshly loaded page.
 * @type {Record<string, (page: import('playwright-core').Page, demo: any, locale: 'vi' | 'en') => Promise<void>>}
 */
const STATES = {
  closed: async () => {},
  open: (page) => states.openPanel(page),
  conversation: (page, demo, locale) => states.conversation(page, demo, locale),
  invitation: (page, _demo, locale) => states.invitation(page, locale),
  'offline-form': (page, demo, locale) => states.offlineFormError(page, demo, locale),
  faq: (page, _demo, locale) => states.faqSuggestions(page, locale),
  'faq-answer': (page, _demo, locale) => states.faqAnswer(page, locale),
  keyboard: (page, demo, locale) => states.keyboardConversation(page, demo, locale),
  'new-message': (page, demo, locale) => states.newMessagePill(page, demo, locale),
  reconnecting: (page) => states.openPanel(page),
  'hours-closed': (page, demo, locale) => states.closedHours(page, demo, locale),
  ended: (page, demo, locale) => states.ended(page, demo, locale),
  actions: (page, demo, locale) => states.actions(page, demo, locale),
  rich: (page, demo, locale) => states.rich(page, demo, locale),
  prechat: (page, demo, locale) => states.prechatError(page, demo, locale),
};

/** The state's demo has the site closed today and tomorrow (every day 08:00–17:00 in Vietnam otherwise). */
const CLOSED_STATES = new Set(['hours-closed']);

/** The state's demo asks for name, email (optional) and phone, with a consent checkbox, before the first message. */
const PRECHAT_STATES = new Set(['prechat']);

/** Turns the demo site's pre-chat form on. */
function askFirst(config) {
  config.sites[0].prechat = {
    enabled: true,
    fields: [{ name: 'name', required: true }, { name: 'email' }, { name: 'phone', required: true }],
    consentText: { en: 'I agree that you keep these details to answer me.', vi: 'Tôi đồng ý để cửa hàng lưu thông tin này để trả lời tôi.' },
  };
}

/** Closes the demo site today and tomorrow in its time zone, so the next opening is at 08:00 two days on. */
function closeHours(config) {
  const timeZone = 'Asia/Ho_Chi_Minh';
  const day = (n) => new Date(Date.now() + n * 86_400_000).toLocaleDateString('en-CA', { timeZone });
  const weekly = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['08:00-17:00']]));
  config.sites[0].hours = { timeZone, weekly, closedDates: [day(0), day(1)] };
}

/**
 * Every picture: `name` is the file name, `state` a key of STATES; `device` DESKTOP (the corner is
 * cropped) or PHONE (the whole screen); `colorScheme` the visitor's setting; `theme` merged into the
 * site's config; `relayDown` closes every socket to the relay, as when it is unreachable.
 * @type {{ name: string, state: keyof typeof STATES, locale: 'vi' | 'en', device?: any, colorScheme?: 'light' | 'dark', theme?: { color?: string, scheme?: 'light' | 'dark' }, relayDown?: boolean }[]}
 */
export const SHOTS = [
  { name: 'desktop-closed', state: 'closed', locale: 'vi' },
  { name: 'desktop-open', state: 'open', locale: 'vi' },
  { name: 'desktop-conversation', state: 'conversation', locale: 'vi' },
  { name: 'desktop-conversation-en', state: 'conversation', locale: 'en' },
  { name: 'desktop-invitation', state: 'invitation', locale: 'vi' },
  { name: 'desktop-offline-form', state: 'offline-form', locale: 'vi' },
  { name: 'desktop-offline-form-en', state: 'offline-form', locale: 'en' },
  { name: 'desktop-faq', state: 'faq', locale: 'vi' },
  { name: 'desktop-faq-answer-en', state: 'faq-answer', locale: 'en' },
  { name: 'phone-closed', state: 'closed', locale: 'vi', device: PHONE },
  { name: 'phone-conversation', state: 'conversation', locale: 'vi', device: PHONE },
  { name: 'phone-keyboard', state: 'keyboard', locale: 'vi', device: PHONE },
  { name: 'phone-landscape-en', state: 'conversation', locale: 'en', device: PHONE_LANDSCAPE },
  { name: 'phone-new-message', state: 'new-message', locale: 'vi', device: PHONE },
  { name: 'phone-reconnecting-en', state: 'reconnecting', locale: 'en', device: PHONE, relayDown: true },
  { name: 'desktop-new-message-en', state: 'new-message', locale: 'en' },
  { name: 'desktop-reconnecting', state: 'reconnecting', locale: 'vi', relayDown: true },
  { name: 'dark-conversation', state: 'conversation', locale: 'vi', colorScheme: 'dark' },
  { name: 'dark-offline-form-en', state: 'offline-form', locale: 'en', colorScheme: 'dark' },
  { name: 'theme-ffd400-conversation', state: 'conversation', locale: 'vi', theme: { color: '#ffd400' } },
  { name: 'theme-ffd400-invitation-en', state: 'invitation', locale: 'en', theme: { color: '#ffd400' } },
  { name: 'theme-111111-conversation-en', state: 'conversation', locale: 'en', theme: { color: '#111111' } },
  { name: 'desktop-hours-closed', state: 'hours-closed', locale: 'vi' },
  { name: 'desktop-hours-closed-en', state: 'hours-closed', locale: 'en' },
  { name: 'phone-hours-closed', state: 'hours-closed', locale: 'vi', device: PHONE },
  { name: 'phone-hours-closed-en', state: 'hours-closed', locale: 'en', device: PHONE },
  { name: 'desktop-ended', state: 'ended', locale: 'vi' },
  { name: 'desktop-ended-en', state: 'ended', locale: 'en' },
  { name: 'phone-ended', state: 'ended', locale: 'vi', device: PHONE },
  { name: 'phone-ended-en', state: 'ended', locale: 'en', device: PHONE },
  { name: 'desktop-actions', state: 'actions', locale: 'vi' },
  { name: 'desktop-actions-en', state: 'actions', locale: 'en' },
  { name: 'phone-actions', state: 'actions', locale: 'vi', device: PHONE },
  { name: 'phone-actions-en', state: 'actions', locale: 'en', device: PHONE },
  { name: 'desktop-rich', state: 'rich', locale: 'vi' },
  { name: 'desktop-rich-en', state: 'rich', locale: 'en' },
  { name: 'phone-rich', state: 'rich', locale: 'vi', device: PHONE },
  { name: 'desktop-prechat', state: 'prechat', locale: 'vi' },
  { name: 'desktop-prechat-en', state: 'prechat', locale: 'en' },
  { name: 'phone-prechat', state: 'prechat', locale: 'vi', device: PHONE },
  { name: 'phone-prechat-en', state: 'prechat', locale: 'en', device: PHONE },
  { name: 'theme-111111-dark-faq', state: 'faq', locale: 'vi', theme: { color: '#111111' }, colorScheme: 'dark' },
];

/** Takes every shot in `shots` into `dir`; returns the files written. */
export async function takeScreenshots(shots = SHOTS, dir = fileURLToPath(new URL('../docs/screenshots/', import.meta.url))) {
  mkdirSync(dir, { recursive: true });
  const open = await startDemo({ relayPort: 0, sitePort: 0, consolePort: 0 });
  // A second demo, started only when a shot needs the site closed by its hours.
  let closed;
  let prechat;
  const demoFor = async (shot) =>
    CLOSED_STATES.has(shot.state)
      ? (closed ??= await startDemo({ relayPort: 0, sitePort: 0, consolePort: 0, tweak: closeHours }))
      : PRECHAT_STATES.has(shot.state)
        ? (prechat ??= await startDemo({ relayPort: 0, sitePort: 0, consolePort: 0, tweak: askFirst }))
        : open;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const written = [];
  try {
    for (const shot of shots) {
      const device = shot.device ?? DESKTOP;
      const demo = await demoFor(shot);
      const ctx = await states.themedContext(browser, { theme: shot.theme, colorScheme: shot.colorScheme, viewport: device.viewport, isMobile: device.isMobile });
      try {
        if (shot.relayDown) await ctx.routeWebSocket(/\/v1\//, (ws) => ws.close());
        const page = await states.visit(ctx, demo, shot.locale, shot.theme?.color);
        await STATES[shot.state](page, demo, shot.locale);
        // A pointer left over a part would show its hover shade; the caret would blink between shots.
        await page.mouse.move(0, 0);
        const file = `${dir}${shot.name}.png`;
        await page.screenshot({ path: file, clip: device.phone ? undefined : CORNER, caret: 'hide', animations: 'disabled' });
        written.push(file);
        console.log(`${shot.name}.png`);
      } finally {
        await states.setPresence(demo, 1);
        await ctx.close();
      }
    }
  } finally {
    await browser.close();
    await open.close();
    await closed?.close();
    await prechat?.close();
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const only = process.argv.slice(2);
  const files = await takeScreenshots(only.length ? SHOTS.filter((s) => only.includes(s.name)) : SHOTS);
  console.log(`${files.length} screenshots in docs/screenshots`);
}
