import { ArgumentError } from '../domain/argument-error.js';

/** A request the analytics cannot answer as asked; `argument` names the argument at fault. */
export class AnalyticsArgumentError extends ArgumentError {}
