import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { commonFields, stringAttribute } from './fields.ts';

export const Attachment = builder.node(builder.objectRef<Resource>('Attachment'), {
  description: 'A file or link attached to the resource.',
  id: { resolve: (resource) => resource.id },
  isTypeOf: (value) => (value as Resource).type === 'attachments',
  extensions: { upstreamType: 'attachments' },
  fields: (t) => ({
    ...commonFields(t, 'attachment'),
    name: stringAttribute(t, 'name', { description: 'The internal name of the attachment.' }),
    description: stringAttribute(t, 'description', {
      description: 'An internal description of the attachment.',
    }),
    url: stringAttribute(t, 'url', { description: 'The attachment URL.' }),
  }),
});
