import { builder } from '../builder.js';

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Ascending or descending.',
  values: {
    ASC: { description: 'smallest or earliest first' },
    DESC: { description: 'largest or latest first' },
  } as const,
});
