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
    // On PostgreSQL, one migrated template database that every test database is copied from.
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs file after file in one module graph: the app's modules are imported and the
    // GraphQL schema built once per worker, not once per file, and the worker's migrated PGlite
    // instances (test/helpers/db.ts) outlive a file. Test files therefore must not leave global state
    // behind (process.env, globals, module-level mocks); docs/testing.md says what to watch for.
    isolate: false,
  },
});
