// The committed SDL is the public API's record: it must be what the code builds, and it must honour the
// contract clients were promised.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInputObjectType, isInterfaceType, isObjectType, isSpecifiedScalarType } from 'graphql';
import { schema } from '../../src/schema/index.js';
import { printSchemaFile, SCHEMA_FILE } from '../../src/schema/print.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CONTRACT_DIR = path.resolve(ROOT, '../shared/contract');

describe('schema/schema.graphql', () => {
  it('is what the code builds (run `npm run schema:print` after changing the schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printSchemaFile());
  });

  it('describes every type and field (the schema is the researchers\' documentation)', () => {
    // Relay's own plumbing explains itself; everything else carries a description.
    const plumbing = new Set(['id', 'cursor', 'node', 'edges', 'pageInfo', 'hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || isSpecifiedScalarType(type)) continue;
      if (!type.description && !['Query', 'Mutation', 'PageInfo'].includes(type.name)) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description && !plumbing.has(field.name) && !(type.name === 'Query' && ['node', 'nodes'].includes(field.name))) {
            missing.push(`${type.name}.${field.name}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  const contracts = existsSync(CONTRACT_DIR)
    ? ['core.graphql', 'analytics.graphql'].filter((f) => existsSync(path.join(CONTRACT_DIR, f)))
    : [];
  it.skipIf(contracts.length === 0)('honours the core contract (../shared/contract/check.mjs)', () => {
    const out = execFileSync('node', [path.join(CONTRACT_DIR, 'check.mjs'), SCHEMA_FILE, path.join(CONTRACT_DIR, 'core.graphql')], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(out).toMatch(/(\d+) of \1 checks hold/);
  });
});
