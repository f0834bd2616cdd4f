// The typed example client (examples/client) as its users run it: Apollo Client 3 over real HTTP
// against the app on a free port, with the codegen output kept current and typechecked. Also Apollo's
// persisted-query link (APQ) against the server: the first request of an operation is its hash alone
// (a GET), the server asks for the document once, and every later client sends only the hash.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../examples/client/src/client.js';
import { runExample } from '../../examples/client/src/main.js';
import { RegionFiguresDocument } from '../../examples/client/src/operations.js';
import codegenConfig from '../../codegen.js';
import { startServer, type RunningServer } from '../e2e/server.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

let server: RunningServer;
beforeAll(async () => {
  // With the response cache on, as in production: anonymous GET reads are then public for its TTL.
  server = await startServer({ RESPONSE_CACHE_ENABLED: 'true' });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

/** fetch that records what the client sent and what came back */
function recordingFetch() {
  const calls: { method: string; url: string; body: any; status: number; cacheControl: string | null; code?: string }[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    const copy = res.clone();
    let code: string | undefined;
    try {
      code = ((await copy.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
    } catch {
      code = undefined;
    }
    calls.push({
      method: init?.method ?? 'GET',
      url: String(input),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      status: res.status,
      cacheControl: res.headers.get('cache-control'),
      code,
    });
    return res;
  };
  return { calls, fetch: wrapped };
}

describe('examples/client', () => {
  it('runs against the server: pages merge, a node() refetch keeps the list whole, summaries come typed', async () => {
    const result = await runExample({ uri: `${server.url}/graphql` });
    expect(result.region).toBe('Zaporizhzhia Oblast');
    // as many as the server counts for the region, asked without Apollo (data/reports decides how many)
    const counted = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ region(code: "UA-23") { recruitmentFigures { totalCount } } }' }),
    }).then((r) => r.json() as Promise<{ data: { region: { recruitmentFigures: { totalCount: number } } } }>);
    expect(counted.data.region.recruitmentFigures.totalCount).toBeGreaterThanOrEqual(2);
    expect(result.totalCount).toBe(counted.data.region.recruitmentFigures.totalCount);
    // two pages of one, merged by relayStylePagination
    expect(result.figuresAfterTwoPages).toBe(2);
    expect(result.refreshedValue).toEqual({ asStated: expect.any(String), low: expect.anything(), high: expect.toSatisfy((v) => v === null || typeof v === 'number') });
    expect(result.listIntactAfterRefetch).toBe(true);
    expect(result.summaries).toContainEqual({ code: 'UA-23', fulfilment: 'about 135% of the plan', consistency: expect.any(String) });
  });

  it('needs its type policies: without `QualifiedNumber: { merge: true }` a node() refetch breaks the cached list', async () => {
    const { InMemoryCache, setLogVerbosity } = await import('@apollo/client/core/index.js');
    const { relayStylePagination } = await import('@apollo/client/utilities/index.js');
    const cache = new InMemoryCache({ typePolicies: { Region: { fields: { recruitmentFigures: relayStylePagination(['filter', 'orderBy']) } } } });
    // Apollo warns that it is dropping cached data: that is the point here, not noise for the log.
    const previous = setLogVerbosity('silent');
    const result = await runExample({ uri: `${server.url}/graphql`, cache }).finally(() => setLogVerbosity(previous));
    expect(result.figuresAfterTwoPages).toBe(2);
    expect(result.listIntactAfterRefetch).toBe(false);
  });

  it('.graphqlrc.yml points tools at the schema and every example operation', async () => {
    const { loadConfig } = await import('graphql-config');
    const { CodeFileLoader } = await import('@graphql-tools/code-file-loader');
    // Editors' GraphQL extensions read operations out of .ts files like this; graphql-config alone reads .graphql.
    const codeFiles = (api: { loaders: { documents: { register(loader: unknown): void } } }) => {
      api.loaders.documents.register(new CodeFileLoader());
      return { name: 'code-files' };
    };
    const config = await loadConfig({ rootDir: ROOT, throwOnMissing: true, extensions: [codeFiles as never] });
    const project = config!.getDefault();
    const schema = await project.getSchema();
    expect(schema.getQueryType()?.getFields().recruitmentFigures).toBeDefined();
    const documents = await project.getDocuments();
    const names = documents.flatMap((d) => d.document?.definitions.flatMap((def) => ('name' in def && def.name ? [def.name.value] : [])) ?? []);
    expect(names).toEqual(expect.arrayContaining(['Search', 'AuditLog', 'NodeById', 'ExampleRegionFigures']));
  });

  it('its generated code is what `npm run codegen` writes from the committed SDL', async () => {
    const outputs = await generate({ ...codegenConfig, cwd: ROOT, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(2);
    for (const output of outputs) {
      expect(readFileSync(path.resolve(ROOT, output.filename), 'utf8'), output.filename).toBe(output.content);
    }
  });

  it('typechecks (tsc -p examples/client)', async () => {
    // Asynchronously: a blocked event loop would hold the test server's keep-alive timers too.
    await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'examples/client'], { cwd: ROOT });
  }, 120_000);
});

describe("Apollo Client's persisted-query link", () => {
  it('sends the hash, registers the document once when asked, and afterwards sends only the hash by GET', async () => {
    const first = recordingFetch();
    const apollo = createClient({ uri: `${server.url}/graphql`, persistedQueries: true, fetch: first.fetch });
    const a = await apollo.query({ query: RegionFiguresDocument, variables: { code: 'UA-14', first: 3 } });
    expect(a.data.region?.code).toBe('UA-14');
    expect(first.calls.map((c) => [c.method, c.status, c.code])).toEqual([
      ['GET', 404, 'PERSISTED_QUERY_NOT_FOUND'],
      ['POST', 200, undefined],
    ]);
    expect(new URL(first.calls[0]!.url).searchParams.has('query')).toBe(false);
    expect(first.calls[1]!.body.extensions.persistedQuery.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.calls[1]!.body.query).toContain('query ExampleRegionFigures');

    // Another client (a fresh cache, as on another device): the hash alone is enough now.
    const second = recordingFetch();
    const other = createClient({ uri: `${server.url}/graphql`, persistedQueries: true, fetch: second.fetch });
    const b = await other.query({ query: RegionFiguresDocument, variables: { code: 'UA-14', first: 3 } });
    expect(b.data).toEqual(a.data);
    expect(second.calls.map((c) => [c.method, c.status])).toEqual([['GET', 200]]);
    expect(second.calls[0]!.cacheControl).toMatch(/^public, max-age=\d+$/);
  });
});
