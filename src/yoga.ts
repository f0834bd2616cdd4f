// Builds the yoga instance: GraphQL at /graphql plus the plain HTTP routes, as yoga plugins so that
// tests reach every route through yoga.fetch. It never listens; src/server.ts does.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.js';
import type { Context } from './context.js';
import type { Database } from './db/client.js';
import { exportPlugin } from './http/export.js';
import type { Logger } from './logger.js';
import { schema } from './schema/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_QUERY = readFileSync(path.join(ROOT, 'docs/queries/figures-2024-by-region.graphql'), 'utf8');

export interface AppOptions {
  database: Database;
  config: Config;
  logger: Logger;
}

export type ServerContext = Record<string, unknown>;
export type App = YogaServerInstance<ServerContext, Context>;

export function createApp({ database, config, logger }: AppOptions): App {
  const plugins: Plugin<Record<string, unknown>>[] = [];
  plugins.push(exportPlugin(database, logger));
  return createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'Occupied-territories recruitment API', defaultQuery: DEFAULT_QUERY },
    renderGraphiQL,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error(args.map(String).join(' ')),
    },
    plugins,
    context: ({ request }): Context => ({
      db: database.db,
      config,
      logger,
      viewer: null,
      request,
      batches: new Map(),
    }),
  });
}
