// npm run bundle:jsonschema — writes schema/report-bundle.schema.json from the zod bundle format, so
// that editors get completion in bundle files ("$schema": "../../schema/report-bundle.schema.json").
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleJsonSchemaText } from '../bundles/format.js';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../schema/report-bundle.schema.json');
writeFileSync(file, bundleJsonSchemaText());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
