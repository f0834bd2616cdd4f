// `npm run test:hostile`: the hostile corpus against a real server and the fault tests on clusters of
// their own. Separate from `npm test`: each file starts servers (and, on PostgreSQL, whole clusters).
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  // the one copy of graphql, as in vitest.config.ts
  resolve: base.resolve,
  test: {
    include: ['test/hostile/**/*.hostile.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
