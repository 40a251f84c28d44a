import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { commonFields, connectionOf, stringAttribute } from './fields.ts';
import { listConnection } from './lists.ts';

export const Tag = builder.node(builder.objectRef<Resource>('Tag'), {
  description: 'A tag: a lower-case label attached to resources (at most 10 per resource).',
  id: { resolve: (resource) => resource.id },
  isTypeOf: (value) => (value as Resource).type === 'tags',
  extensions: { upstreamType: 'tags' },
  fields: (t) => ({
    ...commonFields(t, 'tag'),
    name: stringAttribute(t, 'name', { description: 'The tag name.' }),
  }),
});

builder.queryFields((t) => ({
  tags: t.connection(
    {
      type: Tag,
      // Nullable: a failed list nulls only itself, never its sibling root fields.
      nullable: true,
      description: 'Tags, by name.',
      resolve: (_root, args, ctx, info) =>
        listConnection(ctx, info, 'tags', args, {}, ['name', 'id']) as Promise<never>,
    },
    connectionOf(Tag as never, 'Tag'),
  ),
}));
