// Imports each domain for its side effects, then builds the schema.
import { builder } from '../builder.js';
import './region.js';

export const schema = builder.toSchema({ sortSchema: false });
