// Expected failures of writes. The API returns these as typed results (src/schema/errors.ts); any other
// exception stays an unexpected error that yoga masks, so no driver message or SQL reaches a client.
// That is why the base is DomainError and not the built-in Error: registering Error itself would turn
// every unexpected exception into a typed result carrying its raw message.

export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface FieldIssue {
  /** where the bad value sits, e.g. ['input', 'value', 'best'] */
  path: string[];
  message: string;
}

export class ValidationError extends DomainError {
  constructor(readonly issues: FieldIssue[]) {
    super(
      `Invalid input: ${issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ')}`,
    );
  }
}

export class NotFoundError extends DomainError {
  constructor(
    readonly entityType: string,
    readonly reference: string,
    message = `No ${entityType} ${reference}.`,
  ) {
    super(message);
  }
}

export type ConflictKind = 'UNIQUE' | 'FOREIGN_KEY' | 'CHECK' | 'IN_USE';

export class ConflictError extends DomainError {
  constructor(
    message: string,
    readonly kind: ConflictKind,
    /** the database constraint that refused the write, e.g. reports_slug_key */
    readonly constraint: string | null,
    /** the input fields involved, when known */
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

export class StaleWriteError extends DomainError {
  constructor(
    readonly entityType: string,
    readonly entityId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `${entityType} ${entityId} has changed since you read it: you sent version ${expectedVersion}, it is now at version ${currentVersion}. Read it again and reapply your change.`,
    );
  }
}
