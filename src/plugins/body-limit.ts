// The request body's size limit (MAX_BODY_BYTES), in place of yoga's `maxRequestBodySize`.
//
// yoga's limit pipes every body through a TransformStream that counts its bytes, even when the request
// says its length: a stream pipeline, an AbortController and a DOMException per request, ~3% of the CPU
// of a small query (docs/performance.md). Node's HTTP parser already delivers exactly Content-Length
// bytes of a request that states it, so a stated length is checked and trusted; only a body without one
// (chunked) is counted as it streams, as yoga does. The answers are yoga's: 413 past the limit, 400 for
// a Content-Length that is not one non-negative integer (comma-joined values are a smuggling attempt).
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const CONTENT_LENGTH = /^\d+$/;

function tooLarge(limit: number): GraphQLError {
  return new GraphQLError(`Request body too large: the limit is ${limit} bytes.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit, http: { status: 413 } },
  });
}

function badLength(): GraphQLError {
  return new GraphQLError('Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** `request` with its body counted as it streams: past `limit` bytes the body fails with 413. */
function counted(request: Request, limit: number, fetchAPI: { Request: typeof Request; TransformStream: typeof TransformStream }): Request {
  const body = request.body;
  if (!body) return request;
  // a native stream must be piped through a native TransformStream (graphql-yoga issue 4583)
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytes = 0;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > limit) controller.error(tooLarge(limit));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, signal: request.signal, body: limited, duplex: 'half' } as RequestInit);
}

export function useBodyLimit(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const length = request.headers.get('content-length');
      if (length != null) {
        if (!CONTENT_LENGTH.test(length)) throw badLength();
        if (Number(length) > limit) throw tooLarge(limit);
        return;
      }
      if (!requestParser || !request.body) return;
      const parse = requestParser;
      setRequestParser((req) => parse(counted(req, limit, fetchAPI as never)));
    },
  };
}
