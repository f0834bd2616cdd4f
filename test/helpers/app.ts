// The app as a client sees it: yoga.fetch in-process, on a real database.
import { loadConfig, type Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createApp, type App, type AppPluginName } from '../../src/yoga.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export interface GraphQLResponse {
  data?: any;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  status: number;
}

export interface TestApp {
  app: App;
  database: TestDatabase;
  config: Config;
  /** POSTs a GraphQL operation and returns the whole response body with its HTTP status */
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse>;
  /** returns `data`, or fails with the query, variables and errors printed */
  execute<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  close(): Promise<void>;
}

export async function createTestApp(
  env: Record<string, string> = {},
  options: { logger?: Logger; leaveOut?: ReadonlySet<AppPluginName> } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  // The response cache is off unless a test turns it on: most tests write rows straight to the database,
  // behind the cache's back (test/http/response-cache.test.ts tests it, invalidation by mutations included).
  const config = loadConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'test', RESPONSE_CACHE_ENABLED: 'false', ...env });
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const app = createApp({ database, config, logger, ...(options.leaveOut ? { leaveOut: options.leaveOut } : {}) });

  async function post(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const res = await app.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
    return { ...body, status: res.status };
  }

  return {
    app,
    database,
    config,
    post,
    async execute(query, variables, headers) {
      const body = await post(query, variables, headers);
      if (body.errors?.length || body.data == null) {
        throw new Error(
          `GraphQL request failed (HTTP ${body.status})\nquery: ${query}\nvariables: ${JSON.stringify(variables)}\nerrors: ${JSON.stringify(body.errors, null, 2)}`,
        );
      }
      return body.data;
    },
    close: () => database.close(),
  };
}
