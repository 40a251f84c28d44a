import { builder } from '../../builder.ts';
import type { Context } from '../../context.ts';
import type { Resource } from '../../upstream/types.ts';
import {
  type PointerMapping,
  type UserErrorShape,
  UserErrors,
  userError,
  withUserErrors,
} from '../user-errors.ts';
import {
  type CustomerPayloadShape,
  checkTagNames,
  customerPayload,
  idArgument,
  MAX_TAGS,
  refuseForSalesChannels,
  remember,
  withTagNames,
  writeQuery,
} from './writes.ts';

const CustomerTagsAddPayload = customerPayload(
  'CustomerTagsAddPayload',
  'The result of customerTagsAdd.',
  'The customer with its tags after the change; null when nothing was changed.',
);

const CustomerTagsRemovePayload = customerPayload(
  'CustomerTagsRemovePayload',
  'The result of customerTagsRemove.',
  'The customer with its tags after the change; null when nothing was changed.',
);

function mapping(ctx: Context): PointerMapping {
  return {
    prefix: [],
    names: { tags: ['tags'], _add_tags: ['tags'], _remove_tags: ['tags'] },
    codes: { tags: 'LIMIT_EXCEEDED' },
    idField: ['id'],
    tokenKind: ctx.caller?.kind,
  };
}

function tagNames(customer: Resource): string[] {
  const tags = customer.relationships.tags;
  return Array.isArray(tags) ? tags.map((tag: Resource) => String(tag.attributes.name)) : [];
}

const TAGS_ARGUMENT_DESCRIPTION =
  'Tag names: at most 25 characters of a-z A-Z 0-9 _ - :, case-insensitive (stored lower-cased), duplicates ignored.';

builder.mutationFields((t) => ({
  customerTagsAdd: t.field({
    type: CustomerTagsAddPayload,
    description: `Adds existing tags to a customer (\`_add_tags\`), keeping the others. A customer has at most ${MAX_TAGS} tags: the current tags are read first (one request, which also serves the payload when nothing changes), then one PATCH whose answer serves the payload. Names that are not existing tags are NOT_FOUND user errors (the known ones are still added); they count toward the limit check, which happens before Commerce Layer says which names exist. Not allowed for sales channel and customer tokens (FORBIDDEN).`,
    args: {
      id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
      tags: t.arg.stringList({ required: true, description: TAGS_ARGUMENT_DESCRIPTION }),
    },
    resolve: (_root, args, ctx, info) =>
      withUserErrors(mapping(ctx), async (): Promise<CustomerPayloadShape> => {
        const id = idArgument(args.id, 'Customer', ['id']);
        refuseForSalesChannels(ctx, 'change tags', ['tags']);
        const names = checkTagNames(args.tags, ['tags']);
        const query = writeQuery(ctx, info, withTagNames);
        const before = await ctx.upstream.retrieve(`customers/${encodeURIComponent(id)}`, query);
        if (!before) {
          throw new UserErrors([userError('NOT_FOUND', 'The customer does not exist.', ['id'])]);
        }
        const current = tagNames(before);
        const added = names.filter((name) => !current.includes(name));
        if (current.length + added.length > MAX_TAGS) {
          throw new UserErrors([
            userError(
              'LIMIT_EXCEEDED',
              `The customer has ${current.length} tags; adding ${added.length} would exceed the limit of ${MAX_TAGS}.`,
              ['tags'],
            ),
          ]);
        }
        if (added.length === 0) {
          return { customer: remember(ctx, before), userErrors: [] };
        }
        const customer = await ctx.upstream.update(
          'customers',
          id,
          { attributes: { _add_tags: added.join(',') } },
          query,
        );
        const after = tagNames(customer);
        const userErrors: UserErrorShape[] = [];
        for (const name of added) {
          if (!after.includes(name)) {
            const index = args.tags.findIndex((given) => given.trim().toLowerCase() === name);
            userErrors.push(
              userError('NOT_FOUND', `There is no tag named "${name}"; create it first.`, [
                'tags',
                String(index),
              ]),
            );
          }
        }
        return { customer: remember(ctx, customer), userErrors };
      }),
  }),
  customerTagsRemove: t.field({
    type: CustomerTagsRemovePayload,
    description:
      'Removes tags from a customer (`_remove_tags`), keeping the others; names the customer does not have are ignored. One PATCH, whose answer serves the payload. Not allowed for sales channel and customer tokens (FORBIDDEN).',
    args: {
      id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
      tags: t.arg.stringList({ required: true, description: TAGS_ARGUMENT_DESCRIPTION }),
    },
    resolve: (_root, args, ctx, info) =>
      withUserErrors(mapping(ctx), async (): Promise<CustomerPayloadShape> => {
        const id = idArgument(args.id, 'Customer', ['id']);
        refuseForSalesChannels(ctx, 'change tags', ['tags']);
        const names = checkTagNames(args.tags, ['tags'], { limit: false });
        const customer = await ctx.upstream.update(
          'customers',
          id,
          { attributes: { _remove_tags: names.join(',') } },
          writeQuery(ctx, info, withTagNames),
        );
        return { customer: remember(ctx, customer), userErrors: [] };
      }),
  }),
}));
