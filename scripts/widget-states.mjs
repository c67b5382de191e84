// Drives the demo site's widget into the states a visitor sees, in a real browser page: shared by
// `npm run screenshots` (scripts/screenshots.mjs) and the accessibility test (test/e2e/a11y.test.ts),
// so what is pictured is what is checked. Every step waits for what it needs, never for a fixed time.

/** What each locale types and hears in the scripted conversation. */
export const SCRIPT = {
  vi: {
    ask: 'Chào shop, phí ship về Đà Nẵng bao nhiêu ạ?',
    reply: 'Chào bạn! Phí giao hàng về Đà Nẵng là 30.000đ, miễn phí cho đơn từ 500.000đ. Chi tiết: https://shop.example/ship',
    invite: 'Bạn cần tư vấn chọn gói? Chúng tôi sẵn sàng giúp.',
    faq: 'đổi mật khẩu',
    badEmail: 'lan@',
  },
  en: {
    ask: 'Hi! How much is shipping to Da Nang?',
    reply: 'Hi there! Shipping to Da Nang is 30,000 VND, free on orders over 500,000 VND. Details: https://shop.example/ship',
    invite: 'Questions about our plans? We can help you choose.',
    faq: 'change password',
    badEmail: 'lan@',
  },
};

const AGENT = { name: 'Mai' };

/**
 * A browser context whose widget gets `theme` (`{color?, scheme?}`) merged into the site's
 * widget-config, as if the site owner had written it: one demo serves every theme.
 * @param {import('playwright-core').Browser} browser
 * @param {{ theme?: { color?: string, scheme?: 'light' | 'dark' }, viewport?: { width: number, height: number }, colorScheme?: 'light' | 'dark', isMobile?: boolean, deviceScaleFactor?: number }} [o]
 */
export async function themedContext(browser, o = {}) {
  const ctx = await browser.newContext({
    viewport: o.viewport ?? { width: 1280, height: 800 },
    colorScheme: o.colorScheme ?? 'light',
    isMobile: o.isMobile,
    hasTouch: o.isMobile,
    deviceScaleFactor: o.deviceScaleFactor ?? 1,
    reducedMotion: 'reduce',
  });
  if (o.theme) {
    await ctx.route('**/v1/sites/*/widget-config', async (route) => {
      const res = await route.fetch();
      const json = await res.json();
      json.theme = { ...json.theme, ...o.theme };
      await route.fulfill({ response: res, json });
    });
  }
  return ctx;
}

/** A named part inside the widget's shadow root (Playwright's CSS locators pierce open shadow roots). */
const part = (page, name) => page.locator(`[data-parley="${name}"]`);

/** Polls `check` in Node until it holds. */
async function until(check, what, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/**
 * Opens the demo site's home page in `locale` with the widget ready (config applied, bubble drawn).
 * @param {import('playwright-core').BrowserContext} ctx
 * @param {{ siteUrl: string }} demo
 * @param {'vi' | 'en'} locale
 * @param {string} [color] the theme colour given to themedContext, as #rrggbb
 */
export async function visit(ctx, demo, locale, color) {
  const page = await ctx.newPage();
  const config = page.waitForResponse((r) => /\/widget-config$/.test(r.url()), { timeout: 20_000 });
  await page.goto(demo.siteUrl);
  await page.evaluate(() => new Promise((resolve) => window.Parley('on', 'ready', resolve)));
  await config;
  await page.evaluate((l) => window.Parley('setLocale', l), locale);
  await part(page, 'bubble').waitFor({ timeout: 20_000 });
  // The config is applied once the bubble wears its colour (the default sheet could look the same: then it is).
  const want = color ?? '#0a7cff';
  const rgb = `rgb(${[1, 3, 5].map((i) => parseInt(want.slice(i, i + 2), 16)).join(', ')})`;
  await page.waitForFunction((c) => {
    const b = document.querySelector('[data-parley-host]')?.shadowRoot?.querySelector('[data-parley="bubble"]');
    return !!b && getComputedStyle(b).backgroundColor === c;
  }, rgb);
  return page;
}

/** Opens the panel from the bubble as a visitor would; resolves when the composer or the form is there. */
export async function openPanel(page) {
  if (!(await part(page, 'panel').isVisible())) await part(page, 'bubble').click();
  await page.locator('[data-parley="composer"], [data-parley="offline-form"], [data-parley="prechat"]').first().waitFor({ timeout: 20_000 });
}

/** A proactive invitation from the agent, shown as the teaser by the closed bubble. */
export async function invitation(page, locale) {
  await page.evaluate((text) => window.Parley('invite', { text, author: { name: 'Mai' } }), SCRIPT[locale].invite);
  await part(page, 'teaser').waitFor({ timeout: 20_000 });
}

/** FAQ suggestions for a typed question, the first one highlighted with the arrow key. */
export async function faqSuggestions(page, locale) {
  await openPanel(page);
  const composer = part(page, 'composer');
  await composer.fill('');
  // One input event, so one search: keystroke by keystroke, a later search could land after the
  // arrow key and clear its highlight.
  await composer.fill(SCRIPT[locale].faq);
  await part(page, 'suggestion').first().waitFor({ timeout: 20_000 });
  const selected = page.locator('[data-parley="suggestion"][aria-selected="true"]');
  await composer.press('ArrowDown');
  await selected.waitFor({ timeout: 20_000 });
}

/** The highlighted suggestion opened: the answer above the composer, focus in it. */
export async function faqAnswer(page, locale) {
  await faqSuggestions(page, locale);
  await part(page, 'composer').press('Enter');
  await part(page, 'faq-answer').waitFor();
}

/**
 * A short conversation: the visitor asks, the agent answers (with a link) and is typing again.
 * @param {{ agent: { received: any[], api: (path: string, body?: object) => Promise<any> }, consoleUrl: string }} demo
 */
export async function conversation(page, demo, locale) {
  await openPanel(page);
  const s = SCRIPT[locale];
  const composer = part(page, 'composer');
  // Emptied first: a short draft clears any FAQ suggestion left highlighted (Enter would open it).
  await composer.fill('');
  await composer.fill(s.ask);
  // Only webhooks from now on: an earlier visitor (another theme, another shot) asked the same.
  const since = demo.agent.received.length;
  await composer.press('Enter');
  const created = await until(
    () => demo.agent.received.slice(since).find((w) => w.type === 'message.created' && w.data.message.text === s.ask),
    'the question at the helpdesk',
  );
  const visitorId = created.data.visitor.id;
  const post = (path, body) =>
    demo.agent.api(`/api/${path}`, { visitorId, ...body });
  await post('reply', { text: s.reply, author: AGENT });
  await page.locator('[data-parley="message"][data-from="agent"]', { hasText: s.reply.slice(0, 20) }).waitFor({ timeout: 20_000 });
  await page.locator('[data-parley="message"][data-from="visitor"][data-status="sent"]').first().waitFor({ timeout: 20_000 });
  await post('typing', { typing: true });
  await part(page, 'typing').waitFor({ timeout: 20_000 });
}

/**
 * Nobody online: the "leave a message" form, sent with a bad email so its error shows. Sets the
 * demo's presence to 0; `online(demo)` puts it back.
 */
export async function offlineFormError(page, demo, locale) {
  await setPresence(demo, 0);
  await openPanel(page);
  await part(page, 'offline-form').waitFor({ timeout: 20_000 });
  await part(page, 'offline-name').fill('Lan');
  await part(page, 'offline-email').fill(SCRIPT[locale].badEmail);
  await part(page, 'offline-send').click();
  await part(page, 'offline-error').waitFor();
}

/** The pre-chat form (a demo with `prechat` on), a name typed and a phone number that is not one, refused. */
export async function prechatError(page, _demo, locale) {
  await openPanel(page);
  await part(page, 'prechat').waitFor({ timeout: 20_000 });
  await part(page, 'prechat-name').fill('Lan');
  await part(page, 'prechat-phone').fill('0912');
  await part(page, 'prechat-consent').check();
  await part(page, 'prechat-start').click();
  await part(page, 'prechat-error').waitFor();
}

/** Sets how many agents the helpdesk says are online. */
export async function setPresence(demo, agentsOnline) {
  await demo.agent.api('/api/presence', { agentsOnline });
}

/**
 * The on-screen keyboard, as iOS opens it: the visual viewport shrinks by `height` while the layout
 * viewport stays, and a grey block stands where the keys would be. Called before the panel opens,
 * so the widget sizes itself to the smaller viewport as it would on the phone.
 */
export async function simulateKeyboard(page, height = 336) {
  await page.evaluate((h) => {
    const fake = new EventTarget();
    const size = { width: innerWidth, height: innerHeight - h, offsetTop: 0, offsetLeft: 0, pageTop: 0, pageLeft: 0, scale: 1 };
    for (const [k, v] of Object.entries(size)) Object.defineProperty(fake, k, { value: v });
    Object.defineProperty(window, 'visualViewport', { value: fake, configurable: true });
    const keys = document.createElement('div');
    keys.style.cssText = `position:fixed;left:0;right:0;bottom:0;height:${h}px;background:#d1d4da;z-index:2147483647;pointer-events:none;font:15px system-ui;color:#555;display:flex;align-items:center;justify-content:center`;
    keys.textContent = 'on-screen keyboard';
    document.body.appendChild(keys);
  }, height);
}

/** The conversation with the on-screen keyboard up: the composer stays above it. */
export async function keyboardConversation(page, demo, locale) {
  await simulateKeyboard(page);
  await conversation(page, demo, locale);
  await part(page, 'composer').focus();
}

/**
 * A visitor who scrolled up to read back: an agent message arrives, the place is kept and a
 * "new message" pill shows instead of a jump.
 */
export async function newMessagePill(page, demo, locale) {
  await conversation(page, demo, locale);
  const created = demo.agent.received.filter((w) => w.type === 'message.created').at(-1);
  const visitorId = created.data.visitor.id;
  const post = (text) =>
    demo.agent.api('/api/reply', { visitorId, text, author: AGENT });
  for (let i = 1; i <= 8; i++) await post(`${locale === 'vi' ? 'Thông tin thêm' : 'More details'} ${i}.`);
  await page.locator('[data-parley="message"][data-from="agent"]', { hasText: locale === 'vi' ? 'Thông tin thêm 8.' : 'More details 8.' }).waitFor({ timeout: 20_000 });
  await part(page, 'transcript').evaluate((el) => (el.scrollTop = 0));
  await post(locale === 'vi' ? 'Bạn còn cần gì nữa không?' : 'Anything else I can help with?');
  await part(page, 'new-messages').waitFor({ timeout: 20_000 });
}

/** What each locale leaves as a message outside business hours, with a phone to call back. */
const CALLBACK = {
  vi: { name: 'Lan', phone: '0912 345 678', text: 'Gọi lại giúp mình về đơn 1042 nhé.' },
  en: { name: 'Lan', phone: '+84 912 345 678', text: 'Please call me back about order 1042.' },
};

/**
 * Outside business hours (the demo started with the site closed): the header says when we are back,
 * and the leave-a-message form is filled in with a phone and "call me back", not yet sent.
 */
export async function closedHours(page, _demo, locale) {
  await openPanel(page);
  await part(page, 'offline-form').waitFor({ timeout: 20_000 });
  await page.locator('[data-parley="presence"][data-state="closed"]').waitFor({ timeout: 20_000 });
  const c = CALLBACK[locale];
  await part(page, 'offline-name').fill(c.name);
  await part(page, 'offline-phone').fill(c.phone);
  await part(page, 'offline-callback').check();
  await part(page, 'offline-text').fill(c.text);
}

/** The conversation, then the helpdesk resolves it: the end divider and the rating, four stars picked. */
export async function ended(page, demo, locale) {
  await conversation(page, demo, locale);
  const created = demo.agent.received.filter((w) => w.type === 'message.created').at(-1);
  await demo.agent.api('/api/resolve', { visitorId: created.data.visitor.id });
  await part(page, 'rating').waitFor({ timeout: 20_000 });
  await part(page, 'rate').nth(3).check({ force: true });
  await part(page, 'transcript').evaluate((el) => (el.scrollTop = el.scrollHeight));
}

/** The conversation's actions row with "Email me this conversation" open and an address typed. */
export async function actions(page, demo, locale) {
  await conversation(page, demo, locale);
  await part(page, 'email-transcript').click();
  await part(page, 'transcript-email').fill(locale === 'vi' ? 'lan@example.vn' : 'lan@example.com');
}

/** What each locale says and offers in the rich conversation. */
const RICH = {
  vi: { ask: 'Đây là ảnh hoá đơn chuyển khoản của mình', reply: 'Cảm ơn bạn! Đây là ảnh sản phẩm và hoá đơn. Bạn cần gì thêm?', buttons: ['Theo dõi đơn hàng', 'Gặp nhân viên'] },
  en: { ask: 'Here is my bank-transfer receipt', reply: 'Thank you! Here is the product photo and your invoice. Anything else?', buttons: ['Track my order', 'Talk to a person'] },
};

/** A PNG drawn in the page: a receipt-like card (`w`×`h`, `color`), as base64. */
function drawPng(page, w, h, color, label) {
  return page.evaluate(
    ([w, h, color, label]) => {
      const c = document.createElement('canvas');
      c.width = w;
      c.height = h;
      const g = c.getContext('2d');
      g.fillStyle = color;
      g.fillRect(0, 0, w, h);
      g.fillStyle = '#fff';
      g.font = `bold ${Math.round(h / 8)}px sans-serif`;
      g.fillText(label, w / 10, h / 2);
      return c.toDataURL('image/png').split(',')[1];
    },
    [w, h, color, label],
  );
}

/**
 * Attachments, quick replies and read receipts: the visitor sends a photo (the paperclip's input),
 * the agent reads it ("Seen"), answers with a photo, a PDF and two buttons.
 * @param {{ agent: { received: any[], api: (path: string, body?: object) => Promise<any> }, consoleUrl: string }} demo
 */
export async function rich(page, demo, locale) {
  await openPanel(page);
  const s = RICH[locale];
  const since = demo.agent.received.length;
  const photo = Buffer.from(await drawPng(page, 400, 300, '#2e7d32', 'VCB 1.250.000đ'), 'base64');
  await part(page, 'composer').fill(s.ask);
  await part(page, 'composer').press('Enter');
  await part(page, 'attach-input').setInputFiles({ name: 'hoa-don.png', mimeType: 'image/png', buffer: photo });
  const created = await until(
    () => demo.agent.received.slice(since).find((w) => w.type === 'message.created' && w.data.message.attachments),
    'the photo at the helpdesk',
  );
  const visitorId = created.data.visitor.id;
  const post = (path, body) =>
    demo.agent.api(`/api/${path}`, { visitorId, ...body });
  await post('read', {});
  await part(page, 'message-status').filter({ hasText: locale === 'vi' ? 'Đã xem' : 'Seen' }).waitFor({ timeout: 20_000 });
  const product = await post('agent-file', { name: 'san-pham.png', type: 'image/png', data: await drawPng(page, 400, 300, '#0a7cff', 'Giày Lan 42') });
  const invoice = await post('agent-file', { name: locale === 'vi' ? 'hoa-don-1042.pdf' : 'invoice-1042.pdf', type: 'application/pdf', data: Buffer.alloc(48_213, 37).toString('base64') });
  await post('reply', { text: s.reply, author: AGENT, attachments: [product, invoice], actions: s.buttons.map((label, i) => ({ id: `b${i + 1}`, label })) });
  await part(page, 'quick-reply').first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(() =>
    Array.from(document.querySelector('[data-parley-host]').shadowRoot.querySelectorAll('[data-parley="attachment-image"] img')).every((i) => i.complete && i.naturalWidth > 0),
  );
  await part(page, 'transcript').evaluate((el) => (el.scrollTop = el.scrollHeight));
}
