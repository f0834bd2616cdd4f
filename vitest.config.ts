import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 ships index.js (CommonJS) and index.mjs; Node (tsx, production) and the externalized
  // libraries load index.js, while Vite would hand our sources index.mjs: two realms, and
  // "Cannot use GraphQLSchema from another module". One copy, as in production.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    // PGlite takes seconds to start and each test file owns its database.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
