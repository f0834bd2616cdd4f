// Imports each domain for its side effects, then builds the schema.
import { builder } from '../builder.js';
import './region.js';
import './report.js';
import './figure.js';
import './factor.js';
import './metric.js';
import './errors.js';
import './mutations/mutation-type.js';
import './audit.js';
import './mutations/report.js';
import './mutations/figure.js';
import './mutations/factor.js';
import './mutations/import.js';
import './mutations/region.js';
import './summary.js';
import './search.js';
import './release.js';

export const schema = builder.toSchema({ sortSchema: false });
