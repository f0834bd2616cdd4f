// Files served from memory (the explorer, Chart.js, GraphiQL's bundle): an ETag, a Cache-Control, and
// gzip/brotli copies made on first demand (on libuv's thread pool, so the event loop is not held) and
// kept. A client gets the encoding it accepts, preferring brotli; `Vary: Accept-Encoding` tells caches
// that the encodings differ. Each encoding has its own ETag (a suffix on the file's), as RFC 9110 asks.
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Year-long, never revalidated: only for URLs that change whenever their content does. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Kept, but revalidated (ETag) on every use: for URLs whose content changes in place. */
export const REVALIDATE = 'no-cache';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export interface StaticAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** the identity encoding's ETag, e.g. "abc"; encoded copies are "abc-br", "abc-gz" */
  etag: string;
  cacheControl: string;
  /** compressed copies, made when first asked for */
  encoded: Partial<Record<Encoding, Promise<Uint8Array<ArrayBuffer>>>>;
  /** headers every response of this asset carries (CSP and the like) */
  headers: Record<string, string>;
}

const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/;
/** Below this, compression saves less than the headers it costs. */
const MIN_COMPRESS_BYTES = 1024;

export function createAsset(
  body: Uint8Array | string,
  contentType: string,
  options: { cacheControl?: string; headers?: Record<string, string> } = {},
): StaticAsset {
  const bytes = new Uint8Array(typeof body === 'string' ? Buffer.from(body, 'utf8') : body);
  const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
  return { body: bytes, contentType, etag, cacheControl: options.cacheControl ?? REVALIDATE, encoded: {}, headers: options.headers ?? {} };
}

/** The short content hash of an asset, for versioned URLs. */
export function assetVersion(asset: StaticAsset): string {
  return asset.etag.slice(1, 13);
}

/**
 * The encoding to answer with: brotli, else gzip, whichever the client accepts (a `q=0` refuses one);
 * null for none. `*` accepts both.
 */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: Encoding) => (accepted.get(name) ?? (accepted.get('*') ?? 0)) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return null;
}

export function isCompressible(contentType: string | null): boolean {
  return contentType !== null && COMPRESSIBLE.test(contentType);
}

function encodedBody(asset: StaticAsset, encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> {
  asset.encoded[encoding] ??= (
    encoding === 'br'
      ? brotli(asset.body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: asset.body.byteLength },
        })
      : gzip(asset.body, { level: 9 })
  ).then((buffer) => new Uint8Array(buffer));
  return asset.encoded[encoding];
}

function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const base = etag.slice(0, -1);
  return ifNoneMatch.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag || tag === `${base}-br"` || tag === `${base}-gz"`;
  });
}

/** GET/HEAD of an asset: 304 when the client's copy is current, else the body in the best encoding. */
export async function assetResponse(fetchAPI: { Response: typeof Response }, request: Request, asset: StaticAsset): Promise<Response> {
  const compressible = isCompressible(asset.contentType) && asset.body.byteLength >= MIN_COMPRESS_BYTES;
  const encoding = compressible ? negotiateEncoding(request.headers.get('accept-encoding')) : null;
  const etag = encoding ? `${asset.etag.slice(0, -1)}-${encoding === 'br' ? 'br' : 'gz'}"` : asset.etag;
  const headers: Record<string, string> = {
    ...asset.headers,
    'content-type': asset.contentType,
    'cache-control': asset.cacheControl,
    etag,
    ...(compressible ? { vary: 'Accept-Encoding' } : {}),
  };
  if (etagMatches(request.headers.get('if-none-match'), asset.etag)) {
    return new fetchAPI.Response(null, { status: 304, headers });
  }
  const body = encoding ? await encodedBody(asset, encoding) : asset.body;
  if (encoding) headers['content-encoding'] = encoding;
  headers['content-length'] = String(body.byteLength);
  return new fetchAPI.Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}

/** 405 for anything but GET and HEAD on an asset's URL. */
export function methodNotAllowed(fetchAPI: { Response: typeof Response }, method: string): Response {
  return new fetchAPI.Response(`${method} is not allowed here; use GET.\n`, {
    status: 405,
    headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
  });
}
