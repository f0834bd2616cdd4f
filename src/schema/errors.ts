// The typed failures of mutations. Every one implements the Error interface, so a client can always
// ask `... on Error { message }` and add fragments for the details it cares about.
import { builder } from '../builder.js';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  StaleWriteError,
  ValidationError,
  type FieldIssue,
} from '../domain/errors.js';

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of a mutation: nothing was written.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'what went wrong, in words meant for the editor' }),
  }),
});

builder.objectType(DomainError, {
  name: 'BaseError',
  description: 'A failure with nothing more to say than its message.',
  interfaces: [ErrorInterface],
});

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One problem with one input value.',
  fields: (t) => ({
    path: t.exposeStringList('path', {
      description: 'where the value sits in the arguments, e.g. ["input", "value", "best"]',
    }),
    message: t.exposeString('message', { description: 'what is wrong with it' }),
  }),
});

export const ValidationErrorRef = builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input broke one or more rules; each issue names the field it concerns.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    issues: t.field({
      type: [FieldIssueRef],
      description: 'every problem found, not only the first',
      resolve: (error) => error.issues,
    }),
  }),
});

export const NotFoundErrorRef = builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'A record the input refers to does not exist.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    entityType: t.exposeString('entityType', { description: 'the kind of record, e.g. Report' }),
    reference: t.exposeString('reference', { description: 'the ID, slug or code that was not found' }),
  }),
});

const ConflictKindEnum = builder.enumType('ConflictKind', {
  description: 'Which kind of rule the write would have broken.',
  values: {
    UNIQUE: { description: 'a value that must be unique is taken' },
    FOREIGN_KEY: { description: 'a referenced record is missing, or a record is still referred to' },
    CHECK: { description: 'a rule over the row, e.g. a period that ends before it starts' },
    IN_USE: { description: 'the record is still needed by others' },
  } as const,
});

export const ConflictErrorRef = builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'The write conflicts with the data already stored; nothing was written.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    kind: t.field({ type: ConflictKindEnum, description: 'the kind of rule', resolve: (e) => e.kind }),
    constraint: t.exposeString('constraint', {
      nullable: true,
      description: 'the database constraint that refused the write, e.g. reports_slug_key',
    }),
    fields: t.exposeStringList('fields', { description: 'the input fields involved' }),
  }),
});

export const StaleWriteErrorRef = builder.objectType(StaleWriteError, {
  name: 'StaleWriteError',
  description:
    'Someone changed the record after you read it. Nothing was written: read it again, and reapply your change to the current version.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    entityType: t.exposeString('entityType', { description: 'the kind of record' }),
    entityId: t.exposeID('entityId', { description: 'its global ID' }),
    expectedVersion: t.exposeInt('expectedVersion', { description: 'the version you sent' }),
    currentVersion: t.exposeInt('currentVersion', { description: 'the version stored now' }),
  }),
});
