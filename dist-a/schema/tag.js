import { builder } from "../builder.js";
import { commonFields, connectionOf, resourceNode, stringAttribute } from "./fields.js";
import { listConnection } from "./lists.js";
export const Tag = resourceNode('Tag', {
    upstreamType: 'tags',
    description: 'A tag: a lower-case label attached to resources (at most 10 per resource).',
    fields: (t) => ({
        ...commonFields(t, 'tag'),
        name: stringAttribute(t, 'name', {
            nullable: false,
            description: 'The tag name.',
        }),
    }),
});
builder.queryFields((t) => ({
    tags: t.connection({
        type: Tag,
        // Nullable: a failed list nulls only itself, never its sibling root fields.
        nullable: true,
        description: 'Tags, by name.',
        resolve: (_root, args, ctx, info) => listConnection(ctx, info, 'tags', args, {}, ['name', 'id']),
    }, connectionOf(Tag, 'Tag')),
}));
//# sourceMappingURL=tag.js.map