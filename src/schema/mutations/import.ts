// importReportBundle: a whole report (its publications, figures and coercion factors) in the format of
// data/reports/*.json, validated and applied by the same code as the seed (src/bundles), in one
// transaction with its audit entries, or not at all.
import { reconcileBundle, type Change } from '../../bundles/apply.js';
import { BundleError, validateBundle, type BundleProblem } from '../../bundles/load.js';
import { builder } from '../../builder.js';
import { ValidationError } from '../../domain/errors.js';
import { Report } from '../report.js';
import { WRITE_ERRORS, writeTransaction } from './write.js';

interface ImportResult {
  dryRun: boolean;
  slug: string;
  changes: Change[];
}

/** `figures[3].value.qualifier` → ['bundle', 'figures', '3', 'value', 'qualifier'] */
export function problemPath(path: string): string[] {
  if (path === '(root)') return ['bundle'];
  const parts: string[] = [];
  const pattern = /([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of path.matchAll(pattern)) parts.push(m[1] ?? m[2] ?? JSON.parse(`"${m[3]}"`));
  return ['bundle', ...parts];
}

function validationError(error: BundleError): ValidationError {
  return new ValidationError(error.problems.map((p: BundleProblem) => ({ path: problemPath(p.path), message: p.problem })));
}

const ChangeAction = builder.enumType('BundleChangeAction', {
  description: 'What an import does to one row.',
  values: {
    CREATE: { description: 'adds it' },
    UPDATE: { description: 'changes it' },
    DELETE: { description: 'removes it: the bundle no longer has it' },
  } as const,
});

const BundleChange = builder.objectRef<Change>('BundleChange').implement({
  description: 'One row an import creates, changes or removes.',
  fields: (t) => ({
    action: t.field({ type: ChangeAction, description: 'what happens to the row', resolve: (c) => c.action }),
    entityType: t.exposeString('entityType', {
      description: 'Report, ReportPublication, RecruitmentFigure, FigureVariant, CoercionFactor, CoercionFactorReport or CoercionFactorRegion',
    }),
    entityId: t.exposeString('entityId', {
      description: "the row's database id (for a dry run, ids of rows it would create are provisional)",
    }),
    before: t.field({ type: 'JSON', nullable: true, description: 'the row before; null for CREATE', resolve: (c) => c.before }),
    after: t.field({ type: 'JSON', nullable: true, description: 'the row after; null for DELETE', resolve: (c) => c.after }),
  }),
});

const count = (r: ImportResult, action: Change['action']) => r.changes.filter((c) => c.action === action).length;

const ImportReportBundlePayload = builder.objectRef<ImportResult>('ImportReportBundlePayload').implement({
  description: 'What an import changed, or with dryRun, would change.',
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun', { description: 'true when nothing was written' }),
    created: t.int({ description: 'rows created (or that would be)', resolve: (r) => count(r, 'CREATE') }),
    updated: t.int({ description: 'rows changed (or that would be)', resolve: (r) => count(r, 'UPDATE') }),
    deleted: t.int({ description: 'rows removed because the bundle no longer has them (or that would be)', resolve: (r) => count(r, 'DELETE') }),
    changes: t.field({ type: [BundleChange], description: 'every row, in the order written', resolve: (r) => r.changes }),
    report: t.field({
      type: Report,
      nullable: true,
      description: 'the report as stored now: after the import, or for a dry run as it was before (null if it does not exist yet)',
      resolve: async (r, _args, ctx) => (await ctx.db.query.reports.findFirst({ where: { slug: r.slug } })) ?? null,
    }),
  }),
});

builder.mutationFields((t) => ({
  importReportBundle: t.field({
    type: ImportReportBundlePayload,
    authScopes: { editor: true },
    description:
      'Imports a report bundle, the format of data/reports/*.json (EDITOR or ADMIN): creates or updates the report by slug, its publications, figures and coercion factors, and removes what the bundle no longer has. All in one transaction with its audit entries, or nothing. With dryRun, returns the same changes and writes nothing.',
    args: {
      bundle: t.arg({ type: 'JSON', required: true, description: 'the bundle, as in data/reports/*.json' }),
      dryRun: t.arg.boolean({ required: false, defaultValue: false, description: 'only report what would change' }),
    },
    errors: {
      types: WRITE_ERRORS,
      union: { description: 'What the import changed, or why it changed nothing.' },
      result: { description: 'The bundle was valid.' },
      dataField: { name: 'result', description: 'the changes' },
    },
    resolve: async (_root, args, ctx) => {
      const dryRun = args.dryRun ?? false;
      let bundle;
      try {
        bundle = validateBundle('bundle', args.bundle);
      } catch (error) {
        if (error instanceof BundleError) throw validationError(error);
        throw error;
      }
      try {
        const { changes } = await writeTransaction(ctx, (w) => reconcileBundle(w, bundle, 'bundle'), { dryRun });
        return { dryRun, slug: bundle.report.slug, changes: changes as Change[] };
      } catch (error) {
        if (error instanceof BundleError) throw validationError(error);
        throw error;
      }
    },
  }),
}));
