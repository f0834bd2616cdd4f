// The explorer: a static page at / for researchers, with its own scripts and a locally bundled copy of
// Chart.js. It is served by a yoga plugin (not a separate static server) so tests reach it through
// yoga.fetch and the one server process serves both page and API. The page talks to the public GraphQL
// API only, like any client app.
//
// Files are read once, when the app is built, into a fixed table of routes: no path from a request ever
// reaches the file system, so there is nothing to traverse. Every response carries a Content-Security-
// Policy that allows only this origin, so the browser itself refuses anything from the internet.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'graphql-yoga';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXPLORER_DIR = path.join(ROOT, 'public/explorer');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

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

interface Asset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
  /** the HTML entry point is revalidated on every load; scripts and styles too, since their names carry no hash */
  cacheControl: string;
}

function asset(file: string, contentType: string): Asset {
  const body = new Uint8Array(readFileSync(file));
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, contentType, etag, cacheControl: 'no-cache' };
}

/** The route table: URL path -> file contents, built once. */
export function loadExplorerAssets(dir = EXPLORER_DIR): Map<string, Asset> {
  const routes = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[path.extname(name)];
    if (!type) continue;
    routes.set(`${EXPLORER_ASSET_PREFIX}${name}`, asset(path.join(dir, name), type));
  }
  const index = routes.get(`${EXPLORER_ASSET_PREFIX}index.html`);
  if (!index) throw new Error(`explorer: ${dir}/index.html is missing`);
  routes.set('/', index);
  // chart.js's package exports do not list its UMD build, so resolve the package and walk to it.
  const require = createRequire(import.meta.url);
  const chartDir = path.dirname(require.resolve('chart.js'));
  routes.set(CHART_JS_PATH, asset(path.join(chartDir, 'chart.umd.js'), CONTENT_TYPES['.js']!));
  return routes;
}

function headers(a: Asset): Record<string, string> {
  return {
    'content-type': a.contentType,
    'cache-control': a.cacheControl,
    etag: a.etag,
    'content-security-policy': EXPLORER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** Serves the explorer's routes and lets every other request through to yoga. */
export function useExplorer(routes: Map<string, Asset> = loadExplorerAssets()): Plugin<Record<string, unknown>> {
  return {
    onRequest({ url, request, endResponse, fetchAPI }) {
      const a = routes.get(url.pathname);
      if (!a) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(
          new fetchAPI.Response(`${request.method} is not allowed here; use GET.\n`, {
            status: 405,
            headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
          }),
        );
        return;
      }
      const h = headers(a);
      const match = request.headers.get('if-none-match');
      if (match && match.split(',').some((tag) => tag.trim() === a.etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers: h }));
        return;
      }
      endResponse(
        new fetchAPI.Response(request.method === 'HEAD' ? null : a.body, {
          status: 200,
          headers: { ...h, 'content-length': String(a.body.byteLength) },
        }),
      );
    },
  };
}
