// npm run operations:build: writes schema/persisted-operations.json, the trusted documents the server
// runs with PERSISTED_OPERATIONS_ONLY=true (src/operations/manifest.ts says what goes in).
import { writeFileSync } from 'node:fs';
import { buildManifest, collectOperations, MANIFEST_FILE } from '../operations/manifest.js';
import { schema } from '../schema/index.js';

const operations = await collectOperations();
writeFileSync(MANIFEST_FILE, buildManifest(operations, schema));
console.log(`wrote ${MANIFEST_FILE}: ${operations.length} operations`);
for (const op of operations) console.log(`  ${op.source}`);
