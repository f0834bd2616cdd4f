// npm run docs:codebook — writes docs/codebook.md from the column declaration (src/export/codebook.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codebookMarkdown } from '../export/codebook.js';

const CODEBOOK_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/codebook.md');

writeFileSync(CODEBOOK_FILE, codebookMarkdown());
console.log(`wrote ${CODEBOOK_FILE}`);
