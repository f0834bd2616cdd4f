import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CommonJS and ESM copies. Node (and so yoga and Pothos) loads the CommonJS one,
    // while vite would hand the project's own files the ESM one: two GraphQLError classes, and errors
    // thrown by resolvers get masked. Point every import at the copy Node uses, as in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite takes seconds to start and each test file owns its database.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
