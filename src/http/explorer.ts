// The explorer: a static page at / for researchers, with its own scripts and a locally bundled copy of
// Chart.js. It is served by a yoga plugin (not a separate static server) so tests reach it through
// yoga.fetch and the one server process serves both page and API. The page talks to the public GraphQL
// API only, like any client app.
//
// Files are read once, when the app is built, into a fixed table of routes: no path from a request ever
// reaches the file system, so there is nothing to traverse. src/http/static-asset.ts does the caching
// headers and compression. Every response carries a Content-Security-
// Policy that allows only this origin, so the browser itself refuses anything from the internet.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';
import { assetResponse, createAsset, IMMUTABLE, methodNotAllowed, REVALIDATE, type StaticAsset } from './static-asset.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXPLORER_DIR = path.join(ROOT, 'public/explorer');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.md': 'text/markdown; charset=utf-8',
};

/** docs/codebook.md (every column of the downloads), which the explorer's "About the data" page shows. */
export const CODEBOOK_FILE = path.join(ROOT, 'docs/codebook.md');
export const CODEBOOK_PATH = '/explorer/codebook.md';

/** Where the page's own files and the vendored library are served. */
export const EXPLORER_ASSET_PREFIX = '/explorer/';
export const CHART_JS_PATH = '/vendor/chart.umd.js';

/**
 * Only this origin: scripts, styles, and fetches to /graphql. Chart.js sets canvas sizes through the
 * CSSOM (element.style), which style-src does not restrict, so no 'unsafe-inline' is needed.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's own files under a URL that names their combined content: cached for a year, never revalidated. */
export const EXPLORER_VERSIONED_PREFIX = '/explorer/v/';

/**
 * The route table: URL path -> file contents, built once. Every file is served twice: at
 * /explorer/<name> (revalidated on each use) and at /explorer/v/<version>/<name>, where <version> is a
 * hash of all the page's files together, cached for a year. The page (index.html, revalidated) refers
 * to the versioned URLs, and its modules import each other by relative URL, so a deploy that changes
 * any file changes every URL the page loads, and a browser never mixes old and new modules. Chart.js
 * is served the same way under its package version.
 */
export function loadExplorerAssets(dir = EXPLORER_DIR, codebookFile = CODEBOOK_FILE): Map<string, StaticAsset> {
  const headers = { 'content-security-policy': EXPLORER_CSP, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  const files = readdirSync(dir)
    .filter((name) => CONTENT_TYPES[path.extname(name)] && path.extname(name) !== '.md')
    .sort()
    .map((name) => ({ name, body: readFileSync(path.join(dir, name)), type: CONTENT_TYPES[path.extname(name)]! }));
  if (!files.some((f) => f.name === 'index.html')) throw new Error(`explorer: ${dir}/index.html is missing`);
  // chart.js's package exports do not list its UMD build, so resolve the package and walk to it.
  const require = createRequire(import.meta.url);
  const chartDir = path.dirname(require.resolve('chart.js'));
  const chartBody = readFileSync(path.join(chartDir, 'chart.umd.js'));
  const chartVersion = (JSON.parse(readFileSync(path.join(chartDir, '../package.json'), 'utf8')) as { version: string }).version;
  const chartVersioned = `/vendor/chart.js@${chartVersion}/chart.umd.js`;

  const hash = createHash('sha256');
  for (const f of files) hash.update(f.name).update('\0').update(f.body).update('\0');
  const version = hash.digest('base64url').slice(0, 12);
  const versioned = `${EXPLORER_VERSIONED_PREFIX}${version}/`;

  const routes = new Map<string, StaticAsset>();
  for (const f of files) {
    let body: Uint8Array | string = f.body;
    if (f.name.endsWith('.html')) {
      // Pages load their scripts and stylesheets from the versioned URLs; links between pages keep the
      // pages' own URLs, which are revalidated. The explorer is also at /.
      body = f.body
        .toString('utf8')
        .replace(/(<(?:script|link)\b[^>]*\b(?:src|href)=")\/explorer\//g, `$1${versioned}`)
        .replaceAll(`"${CHART_JS_PATH}"`, `"${chartVersioned}"`);
      const page = createAsset(body, f.type, { cacheControl: REVALIDATE, headers });
      if (f.name === 'index.html') routes.set('/', page);
      routes.set(`${EXPLORER_ASSET_PREFIX}${f.name}`, page);
      continue;
    }
    routes.set(`${EXPLORER_ASSET_PREFIX}${f.name}`, createAsset(body, f.type, { cacheControl: REVALIDATE, headers }));
    routes.set(`${versioned}${f.name}`, createAsset(body, f.type, { cacheControl: IMMUTABLE, headers }));
  }
  if (existsSync(codebookFile)) {
    routes.set(CODEBOOK_PATH, createAsset(readFileSync(codebookFile), CONTENT_TYPES['.md']!, { cacheControl: REVALIDATE, headers }));
  }
  routes.set(CHART_JS_PATH, createAsset(chartBody, CONTENT_TYPES['.js']!, { cacheControl: REVALIDATE, headers }));
  routes.set(chartVersioned, createAsset(chartBody, CONTENT_TYPES['.js']!, { cacheControl: IMMUTABLE, headers }));
  return routes;
}

/** Serves the explorer's routes and lets every other request through to yoga. */
export function useExplorer(routes: Map<string, StaticAsset> = loadExplorerAssets()): Plugin<Record<string, unknown>> {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const asset = routes.get(url.pathname);
      if (!asset) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(methodNotAllowed(fetchAPI, request.method));
        return;
      }
      endResponse(await assetResponse(fetchAPI, request, asset));
    },
  };
}
