// Writes the printed SDL to schema/schema.graphql (the committed public API; a test keeps it current).
import { writeFileSync } from 'node:fs';
import { printSchemaFile, SCHEMA_FILE } from '../schema/print.js';

writeFileSync(SCHEMA_FILE, printSchemaFile());
console.log(`wrote ${SCHEMA_FILE}`);
