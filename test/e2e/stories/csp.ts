// A site with a strict Content-Security-Policy (no inline scripts, no inline styles, no eval) pastes
// only the script tag: the widget still mounts, styles itself, connects, and `parley:ready` fires.
import { waitFor } from '../browser.js';
import { created, type Story } from './story.js';
import { send } from './visitor.js';

export const csp: Story = {
  name: 'strict CSP',
  async run({ demo, browser }) {
    const profile = await browser.profile();
    const tab = await profile.tab(`${demo.siteUrl}/strict.html`);
    const state = () => tab.run(() => document.querySelector('#ready-state')?.textContent ?? '');
    await waitFor(async () => (await state()) === 'widget ready', 'parley:ready on the strict page', 20_000);
    // Styled through the stylesheet, not inline styles: an unstyled bubble is not fixed in the corner.
    const fixed = await tab.run(() => {
      const host = Array.from(document.querySelectorAll('*')).find((e) => e.shadowRoot?.querySelector('[data-parley]'));
      const bubble = host?.shadowRoot?.querySelector('[data-parley="bubble"]');
      return !!bubble && (getComputedStyle(bubble).position === 'fixed' || getComputedStyle(bubble.parentElement!).position === 'fixed');
    });
    if (!fixed) throw new Error('the bubble is not styled: the stylesheet did not apply under the CSP');
    await tab.click({ part: 'bubble' });
    await waitFor(async () => (await state()) === 'chat opened', 'the open event on the strict page');
    await send(tab, 'hello from a strict page');
    await waitFor(() => created(demo, 'hello from a strict page').length === 1, 'the message at the helpdesk');
    await profile.close();
  },
};
