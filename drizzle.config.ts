import { defineConfig } from 'drizzle-kit';
import { loadConfig } from './src/config.js';

// Reads the same settings as the server: DATABASE_URL for PostgreSQL, else the PGlite data folder.
const config = loadConfig();

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './migrations',
  ...(config.DATABASE_URL
    ? { dbCredentials: { url: config.DATABASE_URL } }
    : { driver: 'pglite', dbCredentials: { url: config.PGLITE_DIR } }),
});
