import { builder } from "../../builder.js";
import { isUpstreamError } from "../../upstream/errors.js";
import { notFoundMessage } from "../errors.js";
import { UserErrors, userError, withUserErrors, } from "../user-errors.js";
import { checkTagNames, customerPayload, idArgument, MAX_TAGS, refuseForSalesChannels, remember, withTagNames, writeQuery, } from "./writes.js";
const CustomerTagsAddPayload = customerPayload('CustomerTagsAddPayload', 'The result of customerTagsAdd.', 'The customer with its tags after the change; null when nothing was changed.');
const CustomerTagsRemovePayload = customerPayload('CustomerTagsRemovePayload', 'The result of customerTagsRemove.', 'The customer with its tags after the change; null when nothing was changed.');
function mapping(ctx) {
    return {
        prefix: [],
        names: { tags: ['tags'], _add_tags: ['tags'], _remove_tags: ['tags'] },
        codes: { tags: 'LIMIT_EXCEEDED' },
        idField: ['id'],
        tokenKind: ctx.caller?.kind,
    };
}
function tagNames(customer) {
    const tags = customer.relationships.tags;
    return Array.isArray(tags) ? tags.map((tag) => String(tag.attributes.name)) : [];
}
/**
 * Creates the tags of `names` the organization does not have: one `GET /api/tags` by name, then
 * one `POST /api/tags` per missing name. A name another request created meanwhile (422 taken) is
 * fine: the PATCH that follows finds it.
 */
async function createMissingTags(ctx, names) {
    const page = await ctx.loader.list('tags', {
        filter: { name_in: [...names] },
        fields: { tags: ['name'] },
        page: { number: 1, size: Math.max(1, names.length) },
    });
    const existing = new Set(page.data.map((tag) => String(tag.attributes.name)));
    for (const name of names.filter((candidate) => !existing.has(candidate))) {
        try {
            await ctx.upstream.create('tags', { attributes: { name } }, { fields: { tags: ['name'] } });
        }
        catch (error) {
            if (!(isUpstreamError(error) && error.status === 422)) {
                throw error;
            }
        }
    }
}
const TAGS_ARGUMENT_DESCRIPTION = 'Tag names: at most 25 characters of a-z A-Z 0-9 _ - :, case-insensitive (stored lower-cased), duplicates ignored.';
builder.mutationFields((t) => ({
    customerTagsAdd: t.field({
        type: CustomerTagsAddPayload,
        description: `Adds tags to a customer (\`_add_tags\`), keeping the others. Tag names are checked before any request. A customer has at most ${MAX_TAGS} tags: the current tags are read first (one request, which also serves the payload when nothing changes), then one PATCH whose answer serves the payload. Without \`createMissing\`, names that are not existing tags are NOT_FOUND user errors (the known ones are still added); they count toward the limit check, which happens before Commerce Layer says which names exist. With \`createMissing: true\`, the names the organization has no tag for are created first (one request to find them, one POST /api/tags per missing name), as Shopify creates tags implicitly. Not allowed for sales channel and customer tokens (FORBIDDEN).`,
        args: {
            id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
            tags: t.arg.stringList({ required: true, description: TAGS_ARGUMENT_DESCRIPTION }),
            createMissing: t.arg.boolean({
                required: false,
                defaultValue: false,
                description: "Create the tags that do not exist yet (Commerce Layer's `_add_tags` silently ignores unknown names). Default false: unknown names are NOT_FOUND user errors.",
            }),
        },
        resolve: (_root, args, ctx, info) => withUserErrors(mapping(ctx), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            refuseForSalesChannels(ctx, 'change tags', ['tags']);
            const names = checkTagNames(args.tags, ['tags']);
            const query = writeQuery(ctx, info, withTagNames);
            const before = await ctx.upstream.retrieve(`customers/${encodeURIComponent(id)}`, query);
            if (!before) {
                throw new UserErrors([
                    userError('NOT_FOUND', notFoundMessage(`Customer with id ${String(args.id)}`), ['id']),
                ]);
            }
            const current = tagNames(before);
            const added = names.filter((name) => !current.includes(name));
            if (current.length + added.length > MAX_TAGS) {
                throw new UserErrors([
                    userError('LIMIT_EXCEEDED', `The customer has ${current.length} tags; adding ${added.length} would exceed the limit of ${MAX_TAGS}.`, ['tags']),
                ]);
            }
            if (added.length === 0) {
                return { customer: remember(ctx, before), userErrors: [] };
            }
            if (args.createMissing) {
                await createMissingTags(ctx, added);
            }
            const customer = await ctx.upstream.update('customers', id, { attributes: { _add_tags: added.join(',') } }, query);
            const after = tagNames(customer);
            const userErrors = [];
            for (const name of added) {
                if (!after.includes(name)) {
                    const index = args.tags.findIndex((given) => given.trim().toLowerCase() === name);
                    userErrors.push(userError('NOT_FOUND', notFoundMessage(`Tag named "${name}"`, 'pass createMissing: true to create it'), ['tags', String(index)]));
                }
            }
            return { customer: remember(ctx, customer), userErrors };
        }),
    }),
    customerTagsRemove: t.field({
        type: CustomerTagsRemovePayload,
        description: 'Removes tags from a customer (`_remove_tags`), keeping the others; names the customer does not have are ignored. One PATCH, whose answer serves the payload. Not allowed for sales channel and customer tokens (FORBIDDEN).',
        args: {
            id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
            tags: t.arg.stringList({ required: true, description: TAGS_ARGUMENT_DESCRIPTION }),
        },
        resolve: (_root, args, ctx, info) => withUserErrors(mapping(ctx), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            refuseForSalesChannels(ctx, 'change tags', ['tags']);
            const names = checkTagNames(args.tags, ['tags'], { limit: false });
            const customer = await ctx.upstream.update('customers', id, { attributes: { _remove_tags: names.join(',') } }, writeQuery(ctx, info, withTagNames));
            return { customer: remember(ctx, customer), userErrors: [] };
        }),
    }),
}));
//# sourceMappingURL=tags.js.map