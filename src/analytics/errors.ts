/** A request the analytics cannot answer as asked; `argument` names the argument at fault. */
export class AnalyticsArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
    this.name = 'AnalyticsArgumentError';
  }
}
