// The per-request context, built in one place.
import type { Config } from './config.js';
import type { Db } from './db/client.js';
import type { Logger } from './logger.js';
import type { ResponseCache } from './plugins/response-cache.js';

export interface Viewer {
  tokenId: number;
  name: string;
  role: 'EDITOR' | 'ADMIN';
}

export interface Context {
  db: Db;
  config: Config;
  logger: Logger;
  /** the token holder, or null for a public (anonymous) request */
  viewer: Viewer | null;
  request: Request;
  /** drop cached public responses after a write: `responseCache.invalidate([{ typename: 'Report' }])` */
  responseCache: ResponseCache;
  /** a read-only handle on the data as of a data version (a release): Database.asOf */
  asOf(dataVersion: number): Db;
  /** per-request batches of sibling loads (see src/schema/batch.ts) */
  batches: Map<object, unknown>;
  /** set when `db` reads a release: the data version it reads (src/pothos/release-scope-plugin.ts) */
  releaseVersion?: number;
}
