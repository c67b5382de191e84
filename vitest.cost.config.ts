import { defineConfig } from 'vitest/config';

// `npm run cost`: what the widget costs a host page, in Chromium at a CPU slowdown (test/cost/).
export default defineConfig({
  test: {
    include: ['test/cost/**/*.cost.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
