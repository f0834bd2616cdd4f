// The enums of the dataset model that several domains share: units, period kinds, date precisions and
// source kinds. Their values are the database enums' (src/db/schema.ts); a test keeps them equal.
import { builder } from '../builder.js';

export const Unit = builder.enumType('Unit', {
  description: "The unit a figure's value is in.",
  values: {
    PERSONS: { description: 'people' },
    PERCENT: { description: 'a percentage' },
    RUB: { description: 'Russian roubles' },
    USD: { description: 'US dollars' },
  } as const,
});

export const PeriodKind = builder.enumType('PeriodKind', {
  description: 'What a figure counts over its period.',
  values: {
    FLOW: { description: 'what happened between periodStart and periodEnd, e.g. contracts signed in 2024' },
    CUMULATIVE: {
      description:
        'a running total from periodStart up to periodEnd, e.g. Crimeans conscripted since 2015; a later total from the same or an earlier start cannot be smaller',
    },
    SNAPSHOT: { description: 'a state at periodEnd, e.g. a share of personnel or a payment in force' },
  } as const,
});

export const DatePrecision = builder.enumType('DatePrecision', {
  description:
    "How exactly a source dates something: 'early December 2024' is MONTH, 'mid-2019' is YEAR. A coarse date is stored as the first day of its month/quarter/year where it starts something and the last day where it ends a period.",
  values: {
    DAY: { description: 'to the day' },
    MONTH: { description: 'to the month' },
    QUARTER: { description: 'to the quarter' },
    YEAR: { description: 'to the year' },
  } as const,
});

export const SourceKind = builder.enumType('SourceKind', {
  description: 'Who a report comes from, so that a reader can weigh it: none of them is neutral.',
  values: {
    UKRAINIAN_OFFICIAL: {
      description:
        'a Ukrainian government body or official, e.g. the National Resistance Center, a ministry, the Mission in Crimea, the Coordination HQ for POWs',
    },
    UKRAINIAN_MILITARY: { description: "Ukraine's military intelligence or armed forces, or an official citing their intelligence" },
    INTERNATIONAL_ORGANISATION: { description: 'the UN, OHCHR or another international body' },
    NGO: { description: 'a human-rights or civil-society organisation, e.g. the Crimean Human Rights Group' },
    RESEARCH: { description: 'a research institute or think tank' },
    MEDIA: { description: "a news outlet's own reporting" },
    RUSSIAN_OFFICIAL: { description: 'the Russian government, its armed forces or the occupation authorities' },
  } as const,
});
