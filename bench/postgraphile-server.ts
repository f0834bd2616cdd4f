// PostGraphile 5 (amber preset) on the bench's synthetic database: the second reference beside the
// hand-written baseline. A GraphQL API generated from the same tables in minutes; the app's hand-written
// read path has to be at least as fast as this to be worth its keep (issue 17). Started by bench/run.ts
// with bench/with-resolvers.mjs preloaded (PostGraphile calls Promise.withResolvers, new in Node 22).
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { jsonPgSmartTags } from 'postgraphile/utils';
import { serveForBench, type Counters } from './child.mjs';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('bench/postgraphile-server needs DATABASE_URL');
const poolSize = Number(process.env.DATABASE_POOL_SIZE ?? 10);
const counters: Counters = { statements: 0 };

// Every statement PostGraphile sends goes through a pooled client's query(): count them there.
const pool = new pg.Pool({ connectionString: url, max: poolSize });
pool.on('connect', (client) => {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    counters.statements++;
    return query(...args);
  };
});

// regions.code is unique through a unique index, which PostGraphile does not read as a key; the tag
// gives it Query.regionByCode, the lookup a PostGraphile user would add for Q1 and Q3.
const RegionCodeIsUnique = jsonPgSmartTags({ version: 1, config: { class: { regions: { tags: { unique: 'code' } } } } });

const pgl = postgraphile({
  extends: [PostGraphileAmberPreset],
  plugins: [RegionCodeIsUnique],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  grafast: { explain: false },
});
const serv = pgl.createServ(grafserv);
// Build the schema before reporting ready, so that the first timed request does not pay for it.
await pgl.getSchemaResult();
const handler = serv.createHandler();

serveForBench(
  (req, res) => handler(req, res),
  counters,
  async () => {
    await serv.release();
    await pgl.release();
    await pool.end();
  },
);
