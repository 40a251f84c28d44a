import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { Address } from './address.ts';
import { commonFields, stringAttribute, toOne } from './fields.ts';

export const CustomerAddress = builder.node(builder.objectRef<Resource>('CustomerAddress'), {
  description: "An address in a customer's address book.",
  id: { resolve: (resource) => resource.id },
  isTypeOf: (value) => (value as Resource).type === 'customer_addresses',
  extensions: { upstreamType: 'customer_addresses' },
  fields: (t) => ({
    ...commonFields(t, 'customer address'),
    name: stringAttribute(t, 'name', { description: "Returns the associated address' name." }),
    customerEmail: stringAttribute(t, 'customer_email', {
      description: 'The email of the customer associated to the address.',
    }),
    address: toOne(t, {
      relationship: 'address',
      type: Address,
      upstreamType: 'addresses',
      description: 'The address itself.',
    }),
  }),
});
