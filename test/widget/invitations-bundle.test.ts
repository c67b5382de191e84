import { expect, it } from 'vitest';
import { shippedSize } from '../../bench/shipped-size.js';

// Every byte ships to every visitor, on the same browsers as the widget.
it('the invitations engine builds for the widget browser target and stays small', async () => {
  expect((await shippedSize('widget/invitations/index.ts')).gzip).toBeLessThan(3400);
});
