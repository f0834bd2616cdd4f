// Metric definitions: what each metric counts and the rules the data-quality checks apply to it. They
// are rows of metric_definitions, read by the checks, the summaries and the writes alike.
import { builder } from '../builder.js';
import { Unit } from './dataset-enums.js';
import { RecruitmentMetric } from './figure.js';

export const MetricKind = builder.enumType('MetricKind', {
  description: 'What sort of quantity a metric is, which decides the comparisons that make sense for it.',
  values: {
    COUNT: { description: 'people counted over a period (or up to a date, for running totals): a count over part of a period cannot exceed the count over all of it' },
    PLAN: { description: 'a number the occupying authorities planned' },
    PERCENTAGE: { description: 'a percentage; not additive' },
    AMOUNT: { description: 'a sum of money' },
  } as const,
});

export const MetricDefinition = builder.drizzleObject('metricDefinitions', {
  name: 'MetricDefinition',
  select: {},
  description: 'What a metric counts, and the rules the data-quality checks apply to it.',
  fields: (t) => ({
    metric: t.expose('metric', { type: RecruitmentMetric, description: 'the metric' }),
    description: t.exposeString('description', { description: 'what its figures count' }),
    defaultUnit: t.expose('defaultUnit', { type: Unit, description: 'the unit its figures are usually in' }),
    allowedUnits: t.field({
      type: [Unit],
      description: 'the units its figures may be in; a figure in another unit is refused',
      select: { with: { units: { columns: { unit: true } } } },
      resolve: (d) => d.units.map((u) => u.unit).sort(),
    }),
    additive: t.exposeBoolean('additive', {
      description: "whether the figures of a group's member regions add up to the group's, so that together they cannot exceed it",
    }),
    kind: t.expose('kind', { type: MetricKind, description: 'count, plan, percentage or amount' }),
    numerator: t.expose('numeratorMetric', {
      type: RecruitmentMetric,
      nullable: true,
      description: 'for a percentage of one metric over another: the metric divided, e.g. CONTRACTS_SIGNED',
    }),
    denominator: t.expose('denominatorMetric', {
      type: RecruitmentMetric,
      nullable: true,
      description: 'for a percentage of one metric over another: the metric it is a percentage of, e.g. PLANNED_RECRUITS',
    }),
  }),
});

builder.queryFields((t) => ({
  metrics: t.drizzleField({
    type: [MetricDefinition],
    description: 'Every metric with its definition, in a stable order (plans and counts of contracts first).',
    resolve: (query, _root, _args, ctx) => ctx.db.query.metricDefinitions.findMany(query({ orderBy: { position: 'asc' } })),
  }),
}));
