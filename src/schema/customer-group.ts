import { builder } from '../builder.ts';
import { commonFields, connectionOf, resourceNode, stringAttribute } from './fields.ts';
import { listConnection } from './lists.ts';

export const CustomerGroup = resourceNode('CustomerGroup', {
  upstreamType: 'customer_groups',
  description: 'A group of customers, used to reserve markets, price lists and promotions to them.',
  fields: (t) => ({
    ...commonFields(t, 'customer group'),
    name: stringAttribute(t, 'name', {
      nullable: false,
      description: "The customer group's internal name.",
    }),
    code: stringAttribute(t, 'code', {
      description:
        'A string that you can use to identify the customer group (must be unique within the environment).',
    }),
  }),
});

builder.queryFields((t) => ({
  customerGroups: t.connection(
    {
      type: CustomerGroup,
      // Nullable: a failed list nulls only itself, never its sibling root fields.
      nullable: true,
      description: 'Customer groups, by name.',
      resolve: (_root, args, ctx, info) =>
        listConnection(ctx, info, 'customer_groups', args, {}, ['name', 'id']) as Promise<never>,
    },
    connectionOf(CustomerGroup as never, 'CustomerGroup'),
  ),
}));
