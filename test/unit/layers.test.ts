// Imports point one way: server -> yoga/http -> schema (its base: builder, pothos plugins) ->
// store/analytics/bundles -> db/domain (docs/architecture.md, "Layers"). A module that imports
// from a layer above its own fails here, with the import named.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

const TOP = ['src/server.ts', 'src/yoga.ts', 'src/http/', 'src/plugins/', 'src/cli/'];
const SCHEMA = ['src/schema/'];
const SCHEMA_BASE = ['src/builder.ts', 'src/pothos/'];
const SERVICES = ['src/store/', 'src/analytics/', 'src/bundles/'];

/** Each layer, and what it may not import: everything above it. */
const FORBIDDEN: [string[], string[]][] = [
  [['src/domain/'], [...TOP, ...SCHEMA, ...SCHEMA_BASE, ...SERVICES, 'src/db/', 'src/auth/']],
  [['src/db/'], [...TOP, ...SCHEMA, ...SCHEMA_BASE, ...SERVICES, 'src/auth/']],
  [SERVICES, [...TOP, ...SCHEMA, ...SCHEMA_BASE]],
  [SCHEMA_BASE, [...TOP, ...SCHEMA]],
  [SCHEMA, TOP],
];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** The repository-relative paths a file imports from inside src/. */
function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.{1,2}\/[^']+)'/g)].map((m) =>
    path.relative(ROOT, path.resolve(path.dirname(file), m[1]!)).replace(/\.js$/, '.ts'),
  );
}

const inLayer = (file: string, prefixes: string[]) => prefixes.some((p) => (p.endsWith('/') ? file.startsWith(p) : file === p));

describe('layers', () => {
  const sources = files(SRC).map((full) => path.relative(ROOT, full));

  it('reads the imports it checks', () => {
    expect(imports(path.join(SRC, 'builder.ts'))).toContain('src/domain/paging.ts');
    expect(sources.length).toBeGreaterThan(40);
  });

  for (const [layer, forbidden] of FORBIDDEN) {
    it(`${layer.join(', ')} import nothing from the layers above`, () => {
      const upward = sources
        .filter((file) => inLayer(file, layer))
        .flatMap((file) => imports(path.join(ROOT, file)).filter((target) => inLayer(target, forbidden)).map((target) => `${file} -> ${target}`));
      expect(upward).toEqual([]);
    });
  }

  it('domain modules are pure: no database, no GraphQL', () => {
    const impure = sources
      .filter((file) => file.startsWith('src/domain/'))
      .filter((file) => /from '(drizzle-orm|graphql|postgres|@electric-sql|@pothos)[^']*'/.test(readFileSync(path.join(ROOT, file), 'utf8')));
    expect(impure).toEqual([]);
  });
});
