// GraphiQL, self-contained (no CDN) and cacheable. @graphql-yoga/render-graphiql inlines its whole
// 9 MB bundle into every page; here the page is a few hundred bytes that load the bundle's script and
// stylesheet from URLs that carry the package's version (/graphiql/<version>/graphiql.js), cached for a
// year and served compressed (brotli 9 MB -> 1.9 MB). The bundle is loaded on the first GraphiQL
// request only: it costs ~40 MB of RSS in every process otherwise.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';
import { requestUrl } from './request-url.js';
import { assetResponse, createAsset, IMMUTABLE, methodNotAllowed, type StaticAsset } from './static-asset.js';

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.resolve(path.dirname(require.resolve('@graphql-yoga/render-graphiql')), '..');
export const GRAPHIQL_VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
export const GRAPHIQL_ASSET_PREFIX = `/graphiql/${GRAPHIQL_VERSION}/`;
export const GRAPHIQL_SCRIPT = `${GRAPHIQL_ASSET_PREFIX}graphiql.js`;
export const GRAPHIQL_STYLESHEET = `${GRAPHIQL_ASSET_PREFIX}graphiql.css`;

interface Bundle {
  css: string;
  js: string;
  favicon: string;
  editorWorkerService: string;
  jsonWorker: string;
  graphqlWorker: string;
}

let assets: Promise<Map<string, StaticAsset>> | undefined;

function loadAssets(): Promise<Map<string, StaticAsset>> {
  assets ??= (import('@graphql-yoga/render-graphiql/graphiql') as Promise<Bundle>).then((bundle) => {
    // The same start-up as render-graphiql's inline script, reading its options from the page.
    const script = `(function () {
  function prepareBlob(workerContent) {
    return URL.createObjectURL(new Blob([workerContent], { type: 'application/javascript' }));
  }
  var workers = {
    editorWorkerService: prepareBlob(${JSON.stringify(bundle.editorWorkerService)}),
    json: prepareBlob(${JSON.stringify(bundle.jsonWorker)}),
    graphql: prepareBlob(${JSON.stringify(bundle.graphqlWorker)}),
  };
  self['MonacoEnvironment'] = { globalAPI: false, getWorkerUrl: function (moduleId, label) { return workers[label]; } };
})();
${bundle.js};
YogaGraphiQL.renderYogaGraphiQL(
  window.document.querySelector('#root'),
  JSON.parse(document.getElementById('graphiql-options').textContent),
);
`;
    return new Map([
      [GRAPHIQL_SCRIPT, createAsset(script, 'text/javascript; charset=utf-8', { cacheControl: IMMUTABLE })],
      [GRAPHIQL_STYLESHEET, createAsset(bundle.css, 'text/css; charset=utf-8', { cacheControl: IMMUTABLE })],
    ]);
  });
  return assets;
}

/** JSON inside a <script> element: `<` escaped so no string in it can close the element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** yoga's `renderGraphiQL`: the small page; the bundle comes from the versioned URLs. */
export function renderGraphiQLPage(options: GraphiQLOptions = {}): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${GRAPHIQL_STYLESHEET}" />
    <script type="application/json" id="graphiql-options">${scriptJson(options)}</script>
    <script defer src="${GRAPHIQL_SCRIPT}"></script>
  </head>
  <body id="body" class="no-focus-outline">
    <noscript>You need to enable JavaScript to run this app.</noscript>
    <div id="root"></div>
  </body>
</html>
`;
}

/** Serves the bundle's script and stylesheet. */
export function useGraphiQLAssets(): Plugin<Record<string, unknown>> {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      if (!url.pathname.startsWith('/graphiql/')) return;
      const asset = (await loadAssets()).get(url.pathname);
      if (!asset) return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(methodNotAllowed(fetchAPI, request.method));
        return;
      }
      endResponse(await assetResponse(fetchAPI, request, asset));
    },
    onResponse({ request, response }) {
      // The page itself: small, revalidated, and different from the JSON the same URL answers with.
      if (request.method === 'GET' && response.headers.get('content-type')?.startsWith('text/html') && requestUrl(request).pathname === '/graphql') {
        response.headers.set('cache-control', 'no-cache');
        response.headers.set('content-type', 'text/html; charset=utf-8');
      }
    },
  };
}
