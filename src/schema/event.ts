import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { commonFields, stringAttribute } from './fields.ts';

export const Event = builder.node(builder.objectRef<Resource>('Event'), {
  description: 'A webhook event that can fire for the resource.',
  id: { resolve: (resource) => resource.id },
  isTypeOf: (value) => (value as Resource).type === 'events',
  extensions: { upstreamType: 'events' },
  fields: (t) => ({
    ...commonFields(t, 'event'),
    name: stringAttribute(t, 'name', { description: "The event's internal name." }),
  }),
});
