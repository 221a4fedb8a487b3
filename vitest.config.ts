import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A real PostgreSQL server for the run: the store suites run against it as well as SQLite.
    globalSetup: ['tests/helpers/postgres-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
