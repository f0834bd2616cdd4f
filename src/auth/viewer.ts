// Turns a request's Authorization header into the viewer of the context.
//
// No header: an anonymous viewer (null); reads are public. A header that is present but malformed, or a
// token that is unknown, revoked or expired, refuses the whole request with HTTP 401 and
// UNAUTHENTICATED, even for a public read, as GitHub does: a client that believes it is authenticated
// should learn at once that it is not, rather than see its writes fail later or its reads quietly
// succeed as anonymous. The reason for a refusal is logged; the token never is.
import { GraphQLError } from 'graphql';
import type { Viewer } from '../context.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { authenticateToken } from './tokens.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

export function credentialsError(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } },
    },
  });
}

export async function resolveViewer(db: Db, request: Request, logger: Logger): Promise<Viewer | null> {
  const header = request.headers.get('authorization');
  if (header === null) return null;
  const match = BEARER.exec(header);
  if (!match) {
    logger.info({ reason: 'malformed' }, 'refused credentials');
    throw credentialsError('The Authorization header must read "Bearer <token>".');
  }
  const result = await authenticateToken(db, match[1]!);
  if (!result.ok) {
    logger.info({ reason: result.reason }, 'refused credentials');
    // One message for every reason, so that the response does not help anyone probing tokens.
    throw credentialsError('The token is invalid, revoked or expired.');
  }
  return { tokenId: result.token.id, name: result.token.name, role: result.token.role };
}
