import { builder } from '../../builder.js';

builder.mutationType({
  description:
    'Writes. Every field needs a token (`Authorization: Bearer <token>`) with the EDITOR or ADMIN role, and every change is recorded in the audit log in the same transaction.',
});
