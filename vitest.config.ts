import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and chaos tests start servers and Chromium; two cores do not like them in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
