// The audit log, for admins: who changed what and when, with the row before and after, and the mutation
// that puts a deleted or overwritten row back. Audit entries and tokens are deliberately not Relay
// nodes, so that the public `node` field can never reach them.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, gte, lte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { builder } from '../builder.js';
import type { OrderKey } from '../db/keyset.js';
import { auditLog } from '../db/schema.js';
import { NODE_TYPES } from '../domain/ids.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/paging.js';
import { restoreFromAudit } from '../store/restore.js';
import { connectionType, resolveConnection } from './connection.js';
import { WRITE_ERRORS, writeTransaction } from './mutations/write.js';

const TokenRoleEnum = builder.enumType('TokenRole', {
  description: 'What a token may do.',
  values: {
    EDITOR: { description: 'create, correct and delete reports, figures and coercion factors; import bundles' },
    ADMIN: { description: 'everything an editor may, plus reading the audit log and restoring from it' },
  } as const,
});

export const ApiToken = builder.drizzleObject('apiTokens', {
  name: 'ApiToken',
  description: 'An API token, without its secret: only a hash of that is stored.',
  select: {
    columns: { id: true, name: true, role: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true },
  },
  fields: (t) => ({
    tokenId: t.exposeInt('id', { description: 'the number `npm run token -- list` shows' }),
    name: t.exposeString('name', { description: 'who or what holds it' }),
    role: t.expose('role', { type: TokenRoleEnum, description: 'what it may do' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'when it was created' }),
    lastUsedAt: t.expose('lastUsedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'when it was last used, to the minute (requests within a minute are not recorded again)',
    }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true, description: 'when it stops working; null for never' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true, description: 'when it was revoked; null while it is not' }),
  }),
});

const AuditAction = builder.enumType('AuditAction', {
  description: 'What a write did to a row.',
  values: {
    CREATE: { description: 'the row was added (before is null)' },
    UPDATE: { description: 'the row was changed' },
    DELETE: { description: 'the row was removed (after is null)' },
    RESTORE: { description: 'the row was put back from an earlier audit entry' },
  } as const,
});

export const AuditEntry = builder.drizzleObject('auditLog', {
  name: 'AuditEntry',
  description: 'One change to one row, recorded in the same transaction as the change.',
  authScopes: { admin: true },
  fields: (t) => ({
    entryId: t.exposeID('id', { description: 'pass it to restoreFromAudit' }),
    at: t.expose('at', { type: 'DateTime', description: 'when the transaction that made the change began' }),
    action: t.field({ type: AuditAction, description: 'what the change did', resolve: (e) => e.action as 'CREATE' }),
    entityType: t.exposeString('entityType', {
      description:
        'the kind of row: Report, ReportPublication, RecruitmentFigure, FigureVariant, CoercionFactor, CoercionFactorReport, CoercionFactorRegion or RegionMembership',
    }),
    entityId: t.exposeString('entityId', {
      description: "the row's database id; for links `factorId:reportId` or `factorId:regionId`",
    }),
    entity: t.id({
      nullable: true,
      description: 'the global ID of the record, for types that are nodes (Report, RecruitmentFigure, CoercionFactor)',
      resolve: (e) => (NODE_TYPES.has(e.entityType) ? encodeGlobalID(e.entityType, e.entityId) : null),
    }),
    before: t.expose('before', { type: 'JSON', nullable: true, description: 'the row before the change; null for CREATE' }),
    after: t.expose('after', { type: 'JSON', nullable: true, description: 'the row after the change; null for DELETE' }),
    actor: t.exposeString('actor', {
      nullable: true,
      description: "who made it: the token's name at the time, or a process such as cli or seed",
    }),
    token: t.relation('token', {
      type: ApiToken,
      nullable: true,
      description: 'the token that made it; null for changes made without one, or when the token was deleted',
    }),
  }),
});

const AuditLogFilter = builder.inputType('AuditLogFilter', {
  description: 'Keeps the entries that match every field given.',
  fields: (t) => ({
    entityType: t.string({ required: false, description: 'e.g. Report or RecruitmentFigure' }),
    entityId: t.string({ required: false, description: "the row's database id (see AuditEntry.entityId)" }),
    tokenId: t.int({ required: false, description: 'changes made with this token' }),
    from: t.field({ type: 'DateTime', required: false, description: 'at or after this instant' }),
    to: t.field({ type: 'DateTime', required: false, description: 'at or before this instant' }),
  }),
  validate: z
    .object({
      entityType: z.string().min(1).nullish(),
      entityId: z.string().min(1).nullish(),
      tokenId: z.number().int().positive().nullish(),
      from: z.date().nullish(),
      to: z.date().nullish(),
    })
    .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from must not be after to', path: ['from'] }),
});

interface AuditFilterArgs {
  entityType?: string | null;
  entityId?: string | null;
  tokenId?: number | null;
  from?: Date | null;
  to?: Date | null;
}

function auditWhere(filter: AuditFilterArgs | null | undefined, table: typeof auditLog): SQL | undefined {
  if (!filter) return undefined;
  const parts: SQL[] = [];
  if (filter.entityType) parts.push(eq(table.entityType, filter.entityType));
  if (filter.entityId) parts.push(eq(table.entityId, filter.entityId));
  if (filter.tokenId != null) parts.push(eq(table.tokenId, filter.tokenId));
  if (filter.from) parts.push(gte(table.at, filter.from));
  if (filter.to) parts.push(lte(table.at, filter.to));
  return parts.length ? and(...parts) : undefined;
}

/** Newest first: ids grow with time. */
const AUDIT_ORDER: OrderKey = {
  name: 'audit:ID:DESC',
  direction: 'DESC',
  keys: [],
  // Until the audit log paged through the connection engine, plugin-drizzle issued its cursors:
  // base64 of `DC:N:<id>`. Clients may still hold some.
  legacyCursor: (cursor) => {
    const m = /^DC:N:([1-9]\d{0,15})$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
    const id = m ? Number(m[1]) : NaN;
    return Number.isSafeInteger(id) ? { values: [], id } : undefined;
  },
};

const AuditEntryConnection = connectionType(AuditEntry, 'AuditEntry', { page: 'audit entries', counted: 'entries', edge: 'An audit entry' });

builder.queryFields((t) => ({
  auditLog: t.connection(
    {
      type: AuditEntry,
      authScopes: { admin: true },
      description: `Every change, newest first (ADMIN only): ${DEFAULT_PAGE_SIZE} a page, at most ${MAX_PAGE_SIZE}.`,
      args: { filter: t.arg({ type: AuditLogFilter, required: false }) },
      resolve: (_root, args, ctx, info) =>
        resolveConnection(ctx, info, args, {
          name: 'audit',
          table: auditLog,
          tableName: 'auditLog',
          typeName: 'AuditEntry',
          order: AUDIT_ORDER,
          where: (table: typeof auditLog) => auditWhere(args.filter, table),
        }) as never,
    },
    AuditEntryConnection,
  ),
}));

builder.mutationFields((t) => ({
  restoreFromAudit: t.field({
    type: [AuditEntry],
    authScopes: { admin: true },
    description:
      'Puts a row back as the entry recorded it before the change (ADMIN only). A deleted row returns exactly, with its id, and with the rows its deletion took along (figures, publications, links); an overwritten row gets its earlier content and a new version.',
    errors: {
      types: WRITE_ERRORS,
      union: { description: 'The rows put back, or why nothing was.' },
      result: { description: 'The restore succeeded.' },
      dataField: {
        name: 'entries',
        description: 'the RESTORE entries written: the requested row first, then the rows deleted with it',
      },
    },
    args: {
      entryId: t.arg.id({
        required: true,
        description: 'the AuditEntry.entryId of the DELETE or UPDATE to undo',
        validate: z.coerce.number().int().positive({ message: 'must be an audit entry id' }),
      }),
    },
    resolve: async (_root, args, ctx) => {
      const { entries } = await writeTransaction(ctx, (w) => restoreFromAudit(w, Number(args.entryId)));
      return entries;
    },
  }),
}));
