// The registered operations (trusted documents): every example in docs/queries, every operation the
// explorer sends (public/explorer/api.js), and the persisted documents of the typed example client.
// `npm run operations:build` writes them to schema/persisted-operations.json; a test fails when that
// file is not what this module builds, and every document must validate against the schema.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { sha256Hex } from '../plugins/persisted-operations.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const QUERIES_DIR = path.join(ROOT, 'docs/queries');
export const EXPLORER_API = path.join(ROOT, 'public/explorer/api.js');
export const EXAMPLE_CLIENT_DOCUMENTS = path.join(ROOT, 'examples/client/src/gql/persisted-documents.json');
export const MANIFEST_FILE = path.join(ROOT, 'schema/persisted-operations.json');

export interface RegisteredOperation {
  /** where it comes from, e.g. docs/queries/search.graphql or public/explorer/api.js#YEAR_QUERY */
  source: string;
  document: string;
}

export async function collectOperations(): Promise<RegisteredOperation[]> {
  const operations: RegisteredOperation[] = readdirSync(QUERIES_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ source: `docs/queries/${f}`, document: readFileSync(path.join(QUERIES_DIR, f), 'utf8') }));
  // The explorer's operations are the exported *_QUERY strings of its API module, exactly as it sends them.
  const api = (await import(pathToFileURL(EXPLORER_API).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(api).sort(([a], [b]) => a.localeCompare(b))) {
    if (/_QUERY(_[A-Z]+)?$/.test(name) && typeof value === 'string') operations.push({ source: `public/explorer/api.js#${name}`, document: value });
  }
  if (existsSync(EXAMPLE_CLIENT_DOCUMENTS)) {
    const documents = JSON.parse(readFileSync(EXAMPLE_CLIENT_DOCUMENTS, 'utf8')) as Record<string, string>;
    for (const [hash, document] of Object.entries(documents)) operations.push({ source: `examples/client#${hash.slice(0, 12)}`, document });
  }
  return operations;
}

/** The manifest's JSON, keys sorted; throws naming the source of any document the schema refuses. */
export function buildManifest(operations: RegisteredOperation[], schema: GraphQLSchema): string {
  const entries = new Map<string, string>();
  for (const { source, document } of operations) {
    const errors = validate(schema, parse(document));
    if (errors.length > 0) throw new Error(`${source} does not validate: ${errors.map((e) => e.message).join('; ')}`);
    entries.set(sha256Hex(document), document);
  }
  return `${JSON.stringify(Object.fromEntries([...entries].sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`;
}
