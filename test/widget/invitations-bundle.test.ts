import { expect, it } from 'vitest';
import { shippedSize } from '../../bench/shipped-size.js';

// Every byte ships to every visitor, on the same browsers as the widget. The engine checks rules
// against the protocol's one rule schema (about 800 B of it), so the bound follows the chunk's budget.
it('the invitations engine builds for the widget browser target and stays small', async () => {
  expect((await shippedSize('widget/invitations/index.ts')).gzip).toBeLessThan(4160);
});
