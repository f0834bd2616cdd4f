// What the dataset is, under which licence, and how to cite it: one declaration read by the API
// (Query.dataset), the downloads (CSV/JSON metadata, datapackage.json), the CLI and the codebook.
// CITATION.cff and the README say the same; test/release/releases.test.ts keeps CITATION.cff in step.

export const DATASET = {
  /** machine name (Frictionless `name`: lowercase, digits, -, _, .) */
  name: 'tot-recruitment',
  title: "Russia's recruitment of residents of Ukraine's occupied territories: a source-cited dataset",
  description:
    "Figures on Russia's recruitment of residents of Ukraine's temporarily occupied territories into its armed forces " +
    '(plans, contracts signed, fulfilment), each with the report that states it, the wording of the source, the bounds ' +
    'that wording implies and the period it covers, and the coercion factors the reports describe. Compiled from ' +
    'public reports; every number leads back to its source.',
  /** who compiled it: the author of the citation */
  creator: 'TOT Recruitment Dataset contributors',
  license: {
    spdx: 'CC-BY-4.0',
    title: 'Creative Commons Attribution 4.0 International',
    url: 'https://creativecommons.org/licenses/by/4.0/',
  },
  /** the licence of the code, for completeness (LICENSE at the root) */
  codeLicense: 'MIT',
  keywords: ['Ukraine', 'occupied territories', 'military recruitment', 'Russia', 'conflict data'],
} as const;

export interface ReleaseInfo {
  version: string;
  releasedAt: Date;
}

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

/** Where a release can be downloaded: its CSV. */
export function releaseCsvUrl(baseUrl: string, version: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/export/recruitment-figures.csv?release=${encodeURIComponent(version)}`;
}

/** A release cited as plain text (APA-like, data set). */
export function releaseCitation(release: ReleaseInfo, baseUrl: string): string {
  return (
    `${DATASET.creator} (${release.releasedAt.getUTCFullYear()}). ${DATASET.title} (Version ${release.version}) [Data set]. ` +
    `Released ${isoDate(release.releasedAt)}. ${releaseCsvUrl(baseUrl, release.version)}. Licence: ${DATASET.license.spdx}.`
  );
}

/** The live, unreleased data cited with the date it was read: it may change afterwards. */
export function liveCitation(accessedAt: Date, baseUrl: string, updatedAt: Date | null): string {
  return (
    `${DATASET.creator} (${(updatedAt ?? accessedAt).getUTCFullYear()}). ${DATASET.title} (live data, not a release) [Data set]. ` +
    `${baseUrl.replace(/\/+$/, '')}/graphql. Accessed ${isoDate(accessedAt)}. Licence: ${DATASET.license.spdx}. ` +
    'The live data changes; cite a release (Query.dataset.latestRelease) so that others can read exactly what you read.'
  );
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** BibTeX braces what must be kept as written and escapes its special characters. */
function bibtexText(value: string): string {
  return value.replace(/[\\{}]/g, '').replace(/([&%$#_])/g, '\\$1').replace(/~/g, '\\textasciitilde{}').replace(/\^/g, '\\textasciicircum{}');
}

/** A release as a BibTeX @misc entry (biblatex reads `version` too). */
export function releaseBibtex(release: ReleaseInfo, baseUrl: string): string {
  const key = `tot_recruitment_${release.version.replace(/[^0-9A-Za-z]+/g, '_')}`;
  const url = releaseCsvUrl(baseUrl, release.version);
  return [
    `@misc{${key},`,
    `  author = {{${bibtexText(DATASET.creator)}}},`,
    `  title = {{${bibtexText(DATASET.title)}}},`,
    `  year = {${release.releasedAt.getUTCFullYear()}},`,
    `  month = ${MONTHS[release.releasedAt.getUTCMonth()]},`,
    `  version = {${bibtexText(release.version)}},`,
    `  howpublished = {\\url{${url}}},`,
    `  url = {${url}},`,
    `  note = {Data set, released ${isoDate(release.releasedAt)}. Licence: ${DATASET.license.spdx}},`,
    '}',
  ].join('\n');
}
