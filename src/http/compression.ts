// Compression of the routes whose bodies are large and made per request: the CSV/JSON exports (streamed:
// each batch is compressed as it is read, so a download of a million rows never sits in memory) and
// GraphiQL's page. A wrapper around those responses, not part of the routes: the routes write plain
// bodies and this plugin encodes whatever they wrote, brotli or gzip as the client accepts.
// Static files are compressed once and kept (src/http/static-asset.ts), not here.
import { Duplex } from 'node:stream';
import zlib from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import { requestUrl } from './request-url.js';
import { appendVary } from './cors.js';
import { isCompressible, negotiateEncoding, type Encoding } from './static-asset.js';

export interface CompressionOptions {
  /** which responses are compressed, by path and content type */
  applies: (pathname: string, contentType: string) => boolean;
}

/**
 * The fastest settings: streamed bodies are compressed while the client waits, and the export must keep
 * up with PostgreSQL's COPY. On a 32 MB CSV export (one region, 85,000 rows), one core: brotli quality 1
 * 250 MB/s at 8.8:1 and gzip level 1 85 MB/s at 8:1, against 29 MB/s at 11.8:1 (brotli 4) and 37 MB/s
 * at 10:1 (gzip 6), which held a compressed download of all 1M figures to ~30k rows/s; 64 KB output
 * chunks (zlib gives 16 KB) cut the stream round trips per batch (docs/performance.md).
 */
function compressor(encoding: Encoding): Duplex {
  return encoding === 'br'
    ? zlib.createBrotliCompress({ chunkSize: 64 * 1024, params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 } })
    : zlib.createGzip({ level: 1, chunkSize: 64 * 1024 });
}

export function useCompression(options: CompressionOptions): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      const contentType = response.headers.get('content-type');
      if (response.status !== 200 || !isCompressible(contentType)) return;
      if (!options.applies(requestUrl(request).pathname, contentType!)) return;
      if (response.headers.has('content-encoding')) return;
      appendVary(response.headers, 'Accept-Encoding');
      const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
      if (!encoding || !response.body || request.method === 'HEAD') return;
      const { readable, writable } = Duplex.toWeb(compressor(encoding)) as unknown as ReadableWritablePair<Uint8Array, Uint8Array>;
      const headers = new fetchAPI.Headers(response.headers);
      headers.set('content-encoding', encoding);
      headers.delete('content-length');
      setResponse(new fetchAPI.Response((response.body as ReadableStream<Uint8Array>).pipeThrough({ readable, writable }), { status: response.status, headers }));
    },
  };
}
