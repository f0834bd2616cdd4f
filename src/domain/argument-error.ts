/**
 * A request that cannot be answered as asked; `argument` names the argument at fault. Below the schema
 * (paging, analytics) this is thrown; the schema turns it into a BAD_USER_INPUT error naming the
 * argument (src/schema/arguments.ts).
 */
export class ArgumentError extends Error {
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
