import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { commonFields, stringAttribute } from './fields.ts';

export const CustomerSubscription = builder.node(
  builder.objectRef<Resource>('CustomerSubscription'),
  {
    description:
      "A customer's subscription (for example to a newsletter), identified by its reference.",
    id: { resolve: (resource) => resource.id },
    isTypeOf: (value) => (value as Resource).type === 'customer_subscriptions',
    extensions: { upstreamType: 'customer_subscriptions' },
    fields: (t) => ({
      ...commonFields(t, 'customer subscription'),
      customerEmail: stringAttribute(t, 'customer_email', {
        description: 'The email of the customer that owns the subscription.',
      }),
    }),
  },
);
