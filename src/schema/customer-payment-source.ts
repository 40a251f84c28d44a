import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { commonFields, stringAttribute } from './fields.ts';

export const CustomerPaymentSource = builder.node(
  builder.objectRef<Resource>('CustomerPaymentSource'),
  {
    description: "A payment source saved in a customer's wallet.",
    id: { resolve: (resource) => resource.id },
    isTypeOf: (value) => (value as Resource).type === 'customer_payment_sources',
    extensions: { upstreamType: 'customer_payment_sources' },
    fields: (t) => ({
      ...commonFields(t, 'customer payment source'),
      name: stringAttribute(t, 'name', {
        description: "Returns the associated payment source's name.",
      }),
    }),
  },
);
