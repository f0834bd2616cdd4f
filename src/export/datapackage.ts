// The download described as a Frictionless Data Package (https://specs.frictionlessdata.io/): the
// dataset's licence, sources and authors, and the table schema of every column, from the one column
// declaration (columns.ts). Served at /export/datapackage.json and written by `npm run db:release`
// beside the release's CSV.
import { DATASET, releaseCitation, type ReleaseInfo } from '../domain/dataset.js';
import { tableSchema } from './columns.js';

export interface DataPackageOptions {
  baseUrl: string;
  /** the release described; live data when absent */
  release?: ReleaseInfo | undefined;
  /** where the CSV is: a URL, or a path relative to the descriptor when written beside it */
  csvPath: string;
  /** when the descriptor is made (for live data, the date of retrieval) */
  now: Date;
}

export const CSV_DIALECT = { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true } as const;

export function dataPackage(options: DataPackageOptions) {
  const { release, baseUrl } = options;
  return {
    profile: 'tabular-data-package',
    name: DATASET.name,
    title: DATASET.title,
    description: DATASET.description,
    ...(release ? { version: release.version } : {}),
    created: (release?.releasedAt ?? options.now).toISOString(),
    homepage: baseUrl,
    keywords: [...DATASET.keywords],
    licenses: [{ name: DATASET.license.spdx, path: DATASET.license.url, title: DATASET.license.title }],
    contributors: [{ title: DATASET.creator, role: 'author' }],
    sources: [
      {
        title: 'Public reports: each row names its report (report_slug, report_title, publisher) and where it can be read (source_url)',
        path: `${baseUrl}/graphql`,
      },
    ],
    ...(release ? { citation: releaseCitation(release, baseUrl) } : {}),
    resources: [
      {
        name: 'recruitment-figures',
        path: options.csvPath,
        profile: 'tabular-data-resource',
        title: 'Recruitment figures',
        description: 'One row per figure a report states for a region, metric and period. Text cells that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) begin with an apostrophe (docs/codebook.md).',
        format: 'csv',
        mediatype: 'text/csv',
        encoding: 'utf-8',
        dialect: CSV_DIALECT,
        licenses: [{ name: DATASET.license.spdx, path: DATASET.license.url, title: DATASET.license.title }],
        schema: tableSchema(),
      },
    ],
  };
}
