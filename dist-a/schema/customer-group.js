import { builder } from "../builder.js";
import { commonFields, connectionOf, resourceNode, stringAttribute } from "./fields.js";
import { listConnection } from "./lists.js";
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
            description: 'A string that you can use to identify the customer group (must be unique within the environment).',
        }),
    }),
});
builder.queryFields((t) => ({
    customerGroups: t.connection({
        type: CustomerGroup,
        // Nullable: a failed list nulls only itself, never its sibling root fields.
        nullable: true,
        description: 'Customer groups, by name.',
        resolve: (_root, args, ctx, info) => listConnection(ctx, info, 'customer_groups', args, {}, ['name', 'id']),
    }, connectionOf(CustomerGroup, 'CustomerGroup')),
}));
//# sourceMappingURL=customer-group.js.map