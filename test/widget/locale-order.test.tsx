// @vitest-environment happy-dom
// The locale order of DESIGN §1: setLocale/option, else the page's <html lang> when supported (a
// bilingual site's English pages say lang="en"), else the site config's locale, else English.
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './helpers/fake-relay.js';
import { $ } from './helpers/dom.js';
import { widgetOnFakeRelay } from './helpers/widget-on-relay.js';

const start = widgetOnFakeRelay('loc');

afterEach(() => {
  document.documentElement.lang = '';
});

/** A widget whose site config says `locale: 'vi'` and shows a notice in each locale once it arrives. */
async function make() {
  const { widget } = await start({ config: { site: 'x', locale: 'vi', typingPreview: { enabled: true, notice } } });
  widget.open();
  return widget;
}

const notice = { en: 'We see drafts', vi: 'Chúng tôi thấy bản nháp' };
/** The notice, once the config has arrived: it is drawn in the locale chosen with the config in hand. */
const noticeShown = () => until(() => $('[data-parley="typing-notice"]')?.textContent);

describe('locale order', () => {
  it("the page's <html lang> wins over the site's default locale; setLocale wins over both", async () => {
    document.documentElement.lang = 'en';
    const w = await make();
    expect(await noticeShown()).toBe(notice.en);
    expect($('[data-parley="bubble"]')!.getAttribute('aria-label')).toBe('Close chat');
    w.setLocale('vi');
    await until(() => $('[data-parley="typing-notice"]')?.textContent === notice.vi);
  });

  it("the site's locale applies when the page's lang is not a supported one", async () => {
    document.documentElement.lang = 'fr';
    await make();
    expect(await noticeShown()).toBe(notice.vi);
    expect($('[data-parley="bubble"]')!.getAttribute('aria-label')).toBe('Đóng khung chat');
  });
});
