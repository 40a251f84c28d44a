import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from "../../builder.js";
import { notFoundMessage } from "../errors.js";
import { UserErrors, userError, withUserErrors, } from "../user-errors.js";
import { lockedRewrite } from "./metadata.js";
import { checkEmail, checkMetadata, checkPassword, checkTagNames, customerPayload, idArgument, MISSING_TAG_HINT, payloadType, refuseForSalesChannels, remember, writeQuery, } from "./writes.js";
const CUSTOMER_GROUP_DESCRIPTION = 'The id of the customer group (Relay global ID or Commerce Layer id).';
export const CustomerCreateInput = builder.inputType('CustomerCreateInput', {
    description: 'The attributes of a new customer.',
    fields: (t) => ({
        email: t.string({
            required: true,
            description: 'The email address (unique in the organization; stored lower-cased).',
        }),
        password: t.string({
            description: 'The password. Write-only: it is never returned, logged or echoed in errors.',
        }),
        shopperReference: t.string({
            description: 'Identifies the shopper during payment sessions (3 to 128 characters; generated when absent).',
        }),
        profileId: t.string({
            description: 'Identifies the customer on connected services (generated when absent).',
        }),
        taxExemptionCode: t.string({ description: 'The code of the tax exemption reason.' }),
        reference: t.string({ description: 'An external identifier (ERP, CRM…).' }),
        referenceOrigin: t.string({ description: 'The system that defines `reference`.' }),
        metadata: t.field({
            type: 'JSONObject',
            description: 'Key-value pairs (a JSON object, at most 100 keys and 16 KiB).',
        }),
        customerGroupId: t.id({ description: CUSTOMER_GROUP_DESCRIPTION }),
        tags: t.stringList({
            description: 'Names of existing tags to attach (at most 10; case-insensitive). An unknown name is a NOT_FOUND user error and nothing is created. Not allowed for sales channel tokens.',
        }),
    }),
});
export const CustomerUpdateInput = builder.inputType('CustomerUpdateInput', {
    description: 'Attributes to change; absent fields are left as they are. Tags are not here: change them with customerTagsAdd and customerTagsRemove, so an update can never wipe them.',
    fields: (t) => ({
        email: t.string({ description: 'The email address (null is refused).' }),
        password: t.string({
            description: 'A new password (write-only; null is refused). Prefer the password reset flow.',
        }),
        shopperReference: t.string({ description: 'Identifies the shopper during payment sessions.' }),
        profileId: t.string({ description: 'Identifies the customer on connected services.' }),
        taxExemptionCode: t.string({ description: 'The tax exemption code; null clears it.' }),
        reference: t.string({ description: 'An external identifier; null clears it.' }),
        referenceOrigin: t.string({ description: 'The system that defines `reference`.' }),
        metadata: t.field({
            type: 'JSONObject',
            description: 'Replaces ALL metadata (null clears it). To change some keys without losing the others, use customerMetadataMerge and customerMetadataRemove.',
        }),
        customerGroupId: t.id({
            description: `${CUSTOMER_GROUP_DESCRIPTION} An explicit null removes the customer from its group.`,
        }),
    }),
});
const PLAIN_ATTRIBUTES = {
    shopperReference: 'shopper_reference',
    profileId: 'profile_id',
    taxExemptionCode: 'tax_exemption_code',
    reference: 'reference',
    referenceOrigin: 'reference_origin',
};
/** How Commerce Layer's pointers map onto `input` (see user-errors.ts). */
function inputMapping(ctx, idField) {
    return {
        prefix: ['input'],
        names: { customer_group: ['customerGroupId'], tags: ['tags'] },
        ...(idField ? { idField } : {}),
        tokenKind: ctx.caller?.kind,
    };
}
/** The attributes of a create or update, checked before any upstream call. */
function attributesOf(input) {
    const attributes = {};
    if ('email' in input) {
        attributes.email = checkEmail(input.email, ['input', 'email']);
    }
    if ('password' in input) {
        attributes.password = checkPassword(input.password, ['input', 'password']);
    }
    for (const [name, attribute] of Object.entries(PLAIN_ATTRIBUTES)) {
        if (name in input) {
            const value = input[name];
            attributes[attribute] = value ?? null;
        }
    }
    if ('metadata' in input) {
        attributes.metadata =
            input.metadata == null ? {} : checkMetadata(input.metadata, ['input', 'metadata']);
    }
    return attributes;
}
function groupRelationship(input) {
    if (!('customerGroupId' in input) || input.customerGroupId === undefined) {
        return {};
    }
    if (input.customerGroupId === null) {
        return { customer_group: null };
    }
    const id = idArgument(input.customerGroupId, 'CustomerGroup', ['input', 'customerGroupId']);
    return { customer_group: { type: 'customer_groups', id } };
}
/** Tag names → ids with one `tags?filter[q][name_in]` request; unknown names are user errors. */
async function resolveTags(ctx, raw) {
    const names = checkTagNames(raw, ['input', 'tags']);
    const page = await ctx.loader.list('tags', {
        filter: { name_in: names },
        fields: { tags: ['name'] },
        page: { number: 1, size: names.length },
    });
    const byName = new Map(page.data.map((tag) => [String(tag.attributes.name), tag.id]));
    const errors = [];
    for (const name of names) {
        if (!byName.has(name)) {
            const index = raw.findIndex((given) => given.trim().toLowerCase() === name);
            errors.push(userError('NOT_FOUND', notFoundMessage(`Tag named "${name}"`, MISSING_TAG_HINT), [
                'input',
                'tags',
                String(index),
            ]));
        }
    }
    if (errors.length > 0) {
        throw new UserErrors(errors);
    }
    return names.map((name) => ({ type: 'tags', id: byName.get(name) }));
}
const CustomerCreatePayload = customerPayload('CustomerCreatePayload', 'The result of customerCreate.', 'The new customer, as the payload selects it; null when it was not created.');
const CustomerUpdatePayload = customerPayload('CustomerUpdatePayload', 'The result of customerUpdate.', 'The customer after the update; null when it was not updated.');
const CustomerDeletePayload = payloadType('CustomerDeletePayload', 'The result of customerDelete.', (t) => ({
    deletedCustomerId: t.id({
        nullable: true,
        description: 'The global ID of the deleted customer; null when nothing was deleted.',
        resolve: (payload) => payload.deletedCustomerId ?? null,
    }),
}));
builder.mutationFields((t) => ({
    customerCreate: t.field({
        type: CustomerCreatePayload,
        description: 'Creates a customer (`POST /customers`). One upstream request, plus one tag lookup when `tags` are given; the payload is served from the write answer. Sales channel tokens may sign customers up but not tag them.',
        args: {
            input: t.arg({ type: CustomerCreateInput, required: true, description: 'The customer.' }),
        },
        resolve: (_root, { input }, ctx, info) => withUserErrors(inputMapping(ctx), async () => {
            const attributes = attributesOf(input);
            const relationships = { ...groupRelationship(input) };
            if (input.tags != null) {
                refuseForSalesChannels(ctx, 'set tags', ['input', 'tags']);
                relationships.tags = await resolveTags(ctx, input.tags);
            }
            const customer = await ctx.upstream.create('customers', { attributes, relationships: relationships }, writeQuery(ctx, info));
            return { customer: remember(ctx, customer), userErrors: [] };
        }),
    }),
    customerUpdate: t.field({
        type: CustomerUpdatePayload,
        description: 'Changes a customer (`PATCH /customers/{id}`): one upstream request, whose answer carries what the payload selects; with `metadata`, a read first shows the caller sees the customer before its lock is taken (two requests). Cannot change tags (see customerTagsAdd/Remove).',
        args: {
            id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
            input: t.arg({ type: CustomerUpdateInput, required: true, description: 'The changes.' }),
        },
        resolve: (_root, args, ctx, info) => withUserErrors(inputMapping(ctx, ['id']), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            const body = {
                attributes: attributesOf(args.input),
                relationships: groupRelationship(args.input) ?? {},
            };
            const write = async () => ctx.upstream.update('customers', id, body, writeQuery(ctx, info));
            // A metadata replacement waits for in-flight metadata merges on this customer, taking
            // the lock only once a read showed the caller sees the customer.
            let customer;
            if ('metadata' in args.input) {
                const visible = await ctx.upstream.retrieve(`customers/${encodeURIComponent(id)}`, {
                    fields: { customers: ['updated_at'] },
                });
                if (!visible) {
                    throw new UserErrors([userError('NOT_FOUND', 'The customer does not exist.', ['id'])]);
                }
                customer = await lockedRewrite(ctx, id, ['input', 'metadata'], write);
            }
            else {
                customer = await write();
            }
            return { customer: remember(ctx, customer), userErrors: [] };
        }),
    }),
    customerDelete: t.field({
        type: CustomerDeletePayload,
        description: 'Deletes a customer (`DELETE /customers/{id}`, one upstream request). A customer with orders cannot be deleted: HAS_DEPENDENCIES.',
        args: {
            id: t.arg.id({ required: true, description: 'The customer id (global or Commerce Layer).' }),
        },
        resolve: (_root, args, ctx) => withUserErrors(inputMapping(ctx, ['id']), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            await ctx.upstream.delete('customers', id);
            ctx.loader.forget('customers', id);
            return { deletedCustomerId: encodeGlobalID('Customer', id), userErrors: [] };
        }),
    }),
}));
//# sourceMappingURL=mutations.js.map