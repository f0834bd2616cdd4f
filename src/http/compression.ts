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

/** Fast settings: streamed bodies are compressed while the client waits. */
function compressor(encoding: Encoding): Duplex {
  return encoding === 'br'
    ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
    : zlib.createGzip({ level: 6 });
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
