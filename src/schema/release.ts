// Releases and citation: the dataset as a citable, reproducible object (docs/releases.md).
// A release's reports and figures are the ordinary Report and RecruitmentFigure types, read through the
// same connection engine as live data, with a context whose database reads as of the release
// (src/pothos/release-scope-plugin.ts).
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { DATASET, liveCitation, releaseBibtex, releaseCitation, releaseCsvUrl } from '../domain/dataset.js';
import { ConflictError, ValidationError } from '../domain/errors.js';
import { changesCount, changesPage, ENTITY_ORDER, type ChangeCursor, type ReleaseChange as Change } from '../release/changes.js';
import { createRelease, dataUpdatedAt, findRelease, findReleasesById, listReleases, previousRelease, type ReleaseRow } from '../store/release.js';
import { resolveConnection } from './connection.js';
import { figureArgs, figureSpec, RecruitmentFigureConnection, RecruitmentFigure } from './figure.js';
import { actorOf, afterWrite } from './mutations/write.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/paging.js';
import { badArgument } from './arguments.js';
import { markScope, releaseContext } from '../pothos/release-scope-plugin.js';
import { Report, ReportConnection, ReportFilter, ReportOrder, reportConnectionSpec } from './report.js';

/** A release row, scoped: its fields resolve with the context that reads as of it. */
function scoped(ctx: Context, row: ReleaseRow): ReleaseRow {
  return markScope(row, releaseContext(ctx, row.dataVersion));
}

const ReleaseChangeKind = builder.enumType('ReleaseChangeKind', {
  description: 'What changed in one record between two releases.',
  values: {
    ADDED: { description: 'the record is new in this release' },
    CHANGED: { description: 'the record is in both releases, with different content' },
    REMOVED: { description: 'the record was in the previous release and is not in this one' },
  } as const,
});

const ReleaseChange = builder.objectRef<Change>('ReleaseChange').implement({
  description: 'One record added, changed or removed since the previous release.',
  fields: (t) => ({
    kind: t.field({ type: ReleaseChangeKind, description: 'added, changed or removed', resolve: (c) => c.kind }),
    entityType: t.exposeString('entityType', { description: 'Report, RecruitmentFigure, CoercionFactor or Region' }),
    entityId: t.id({
      description: "the record's global ID",
      resolve: (c) => Buffer.from(`${c.entityType}:${c.id}`, 'utf8').toString('base64'),
    }),
    summary: t.exposeString('summary', {
      description: "a one-line description a reader understands, e.g. 'UA-23 CONTRACTS_SIGNED 2024: over 330 -> about 330'",
    }),
  }),
});

const ReleaseChangeConnection = builder.connectionObject(
  {
    type: ReleaseChange,
    name: 'ReleaseChangeConnection',
    description: 'A page of the changes a release brings, in the order Region, Report, CoercionFactor, RecruitmentFigure.',
    fields: (t) => ({
      totalCount: t.int({
        description: 'how many records changed (computed only when asked for)',
        resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
      }),
    }),
  },
  { name: 'ReleaseChangeEdge', description: 'A change and its cursor.' },
);

const encodeChangeCursor = (c: ChangeCursor) => Buffer.from(JSON.stringify(['changes', c.type, c.id]), 'utf8').toString('base64url');

function decodeChangeCursor(cursor: string): ChangeCursor {
  try {
    const [tag, type, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (tag === 'changes' && ENTITY_ORDER.includes(type as never) && Number.isSafeInteger(id)) return { type: type as ChangeCursor['type'], id: id as number };
  } catch {
    // refused below
  }
  throw badArgument('after', 'Argument "after" is not a cursor of this connection. Use pageInfo.endCursor of an earlier page of the same release\'s changes.');
}

async function versionsOf(ctx: Context, row: ReleaseRow) {
  const previous = await previousRelease(ctx.db, row);
  // before the first release, -1: rows stamped 0 (src/db/schema.ts, validFrom) began before every release
  return { after: previous?.dataVersion ?? -1, upTo: row.dataVersion };
}

function downloadUrls(ctx: Context, version: string) {
  const base = `${ctx.config.PUBLIC_URL}/export`;
  const q = `release=${encodeURIComponent(version)}`;
  return { csv: releaseCsvUrl(ctx.config.PUBLIC_URL, version), json: `${base}/recruitment-figures.json?${q}`, dataPackage: `${base}/datapackage.json?${q}` };
}

export const DatasetRelease = builder.objectRef<ReleaseRow>('DatasetRelease');

builder.node(DatasetRelease, {
  description: 'A named, immutable state of the dataset.',
  id: { resolve: (r) => r.id },
  loadManyWithoutCache: async (ids, ctx) => {
    const rows = await findReleasesById(ctx.db, ids.map(Number));
    return ids.map((id) => {
      const row = rows.find((r) => r.id === Number(id));
      return row ? scoped(ctx, row) : null;
    });
  },
  fields: (t) => ({
    version: t.exposeString('version', { description: 'e.g. 2026.12.0; never reused' }),
    releasedAt: t.expose('releasedAt', { type: 'DateTime', description: 'when the release was cut' }),
    notes: t.exposeString('notes', { nullable: true, description: "what the release brings, in the editors' words" }),
    reportCount: t.exposeInt('reportCount', { description: 'how many reports it holds' }),
    figureCount: t.exposeInt('figureCount', { description: 'how many recruitment figures it holds' }),
    license: t.string({ description: "SPDX identifier of the data's licence, e.g. CC-BY-4.0", resolve: () => DATASET.license.spdx }),
    citation: t.string({ description: 'how to cite this release, as plain text', resolve: (r, _a, ctx) => releaseCitation(r, ctx.config.PUBLIC_URL) }),
    bibtex: t.string({ description: 'the same as BibTeX', resolve: (r, _a, ctx) => releaseBibtex(r, ctx.config.PUBLIC_URL) }),
    csvUrl: t.string({ description: "the release's figures as CSV (RFC 4180, UTF-8)", resolve: (r, _a, ctx) => downloadUrls(ctx, r.version).csv }),
    jsonUrl: t.string({ description: "the release's figures as JSON, with the metadata", resolve: (r, _a, ctx) => downloadUrls(ctx, r.version).json }),
    dataPackageUrl: t.string({
      description: "the release's Frictionless Data Package: licence, sources and a description of every column",
      resolve: (r, _a, ctx) => downloadUrls(ctx, r.version).dataPackage,
    }),
    changes: t.connection(
      {
        type: ReleaseChange,
        description: 'the records added, changed or removed since the previous release (for the first release: everything, as added)',
        args: {},
        resolve: async (row, args, ctx) => {
          if (args.last != null || args.before != null) {
            throw badArgument(args.last != null ? 'last' : 'before', 'The changes of a release page forward only: use first and after.');
          }
          const size = args.first ?? DEFAULT_PAGE_SIZE;
          if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
            throw badArgument('first', `Argument "first" must be a whole number from 0 to ${MAX_PAGE_SIZE}; got ${size}.`);
          }
          const cursor = args.after ? decodeChangeCursor(args.after) : null;
          const versions = await versionsOf(ctx, row);
          const found = size === 0 ? [] : await changesPage(ctx.db, versions, cursor, size + 1);
          const page = found.slice(0, size);
          const edges = page.map((node) => ({ cursor: encodeChangeCursor({ type: node.entityType, id: node.id }), node }));
          return {
            edges,
            pageInfo: {
              hasNextPage: found.length > size,
              hasPreviousPage: cursor !== null,
              startCursor: edges[0]?.cursor ?? null,
              endCursor: edges.at(-1)?.cursor ?? null,
            },
            totalCount: () => changesCount(ctx.db, versions),
          };
        },
      },
      ReleaseChangeConnection,
    ),
    reports: t.connection(
      {
        type: Report,
        description: 'the reports as they stood in this release',
        args: {
          filter: t.arg({ type: ReportFilter, required: false }),
          orderBy: t.arg({ type: ReportOrder, required: false, description: 'defaults to { field: PUBLISHED_ON, direction: DESC }' }),
        },
        resolve: (_row, args, ctx, info) => resolveConnection(ctx, info, args, reportConnectionSpec(args.filter, args.orderBy)) as never,
      },
      ReportConnection,
    ),
    recruitmentFigures: t.connection(
      {
        type: RecruitmentFigure,
        description: 'the figures as they stood in this release',
        args: figureArgs,
        resolve: (_row, args, ctx, info) => resolveConnection(ctx, info, args, figureSpec(args.filter, args.orderBy)) as never,
      },
      RecruitmentFigureConnection,
    ),
  }),
});

interface DatasetShape {
  accessedAt: Date;
}

const Dataset = builder.objectRef<DatasetShape>('Dataset').implement({
  description: 'The dataset as a whole: what it is, under which licence, and how to cite it.',
  fields: (t) => ({
    title: t.string({ description: 'its title', resolve: () => DATASET.title }),
    description: t.string({ description: 'what it holds and how it was compiled', resolve: () => DATASET.description }),
    creator: t.string({ description: 'who compiled it (the author of a citation)', resolve: () => DATASET.creator }),
    license: t.string({ description: "SPDX identifier of the data's licence, e.g. CC-BY-4.0", resolve: () => DATASET.license.spdx }),
    licenseTitle: t.string({ description: "the licence's name", resolve: () => DATASET.license.title }),
    licenseUrl: t.string({ description: "the licence's text", resolve: () => DATASET.license.url }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'when the data last changed',
      resolve: async (d, _a, ctx) => (await dataUpdatedAt(ctx.db)) ?? d.accessedAt,
    }),
    latestRelease: t.field({
      type: DatasetRelease,
      nullable: true,
      description: 'the newest release; null before the first',
      resolve: async (_d, _a, ctx) => {
        const [row] = await listReleases(ctx.db);
        return row ? scoped(ctx, row) : null;
      },
    }),
    releases: t.field({
      type: [DatasetRelease],
      description: 'every release, newest first',
      resolve: async (_d, _a, ctx) => (await listReleases(ctx.db)).map((row) => scoped(ctx, row)),
    }),
    dataPackageUrl: t.string({
      description: 'the live data as a Frictionless Data Package (its CSV and a description of every column)',
      resolve: (_d, _a, ctx) => `${ctx.config.PUBLIC_URL}/export/datapackage.json`,
    }),
    citation: t.string({
      description: 'how to cite the live (unreleased) data, with the date of access',
      resolve: async (d, _a, ctx) => liveCitation(d.accessedAt, ctx.config.PUBLIC_URL, await dataUpdatedAt(ctx.db)),
    }),
  }),
});

builder.queryFields((t) => ({
  dataset: t.field({
    type: Dataset,
    description: 'The dataset as a whole: title, licence, releases, and how to cite it.',
    resolve: () => ({ accessedAt: new Date() }),
  }),
  release: t.field({
    type: DatasetRelease,
    nullable: true,
    description: 'A release by its version, answering exactly as the data stood then; null when there is no such version.',
    args: { version: t.arg.string({ required: true, description: 'e.g. 2026.12.0' }) },
    resolve: async (_root, args, ctx) => {
      const row = await findRelease(ctx.db, args.version);
      return row ? scoped(ctx, row) : null;
    },
  }),
}));

const CreateReleaseInput = builder.inputType('CreateReleaseInput', {
  description: 'A new release of the data as it stands now.',
  fields: (t) => ({
    version: t.string({ required: true, description: 'a new version, never used before, e.g. 2026.12.0' }),
    notes: t.string({ required: false, description: "what the release brings, in the editors' words" }),
  }),
});

builder.mutationField('createRelease', (t) =>
  t.field({
    type: DatasetRelease,
    authScopes: { admin: true },
    description: 'Freezes the dataset as it stands now under a new version (ADMIN only); a version is never reused.',
    args: { input: t.arg({ type: CreateReleaseInput, required: true }) },
    errors: {
      types: [ValidationError, ConflictError],
      union: { description: 'The release, or why none was cut.' },
      result: { description: 'The release was cut.' },
      dataField: { name: 'release', description: 'the new release' },
    },
    resolve: async (_root, args, ctx) => {
      const row = await createRelease(ctx.db, actorOf(ctx), { version: args.input.version, notes: args.input.notes });
      await afterWrite(ctx);
      return scoped(ctx, row);
    },
  }),
);
