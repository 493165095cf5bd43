import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/helpers/skip-reporter.ts'],
    globalSetup: ['./test/helpers/global-setup.ts'],
  },
});
