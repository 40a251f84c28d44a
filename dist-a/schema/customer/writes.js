import { getNamedType, isObjectType, } from 'graphql';
import { collectSubfields } from 'graphql/execution/collectFields.js';
import { builder } from "../../builder.js";
import { rawId } from "../filters.js";
import { emptyPlan, planSelection, toQueryParams } from "../planning/plan.js";
import { hasUnsafeCharacters } from "../unsafe-text.js";
import { UserError, UserErrors, userError } from "../user-errors.js";
import { Customer } from "./type.js";
/**
 * A payload type: the mutation's own fields plus the non-null `userErrors` list (empty on
 * success), Shopify style.
 */
export function payloadType(name, description, fields) {
    return builder.objectRef(name).implement({
        description,
        fields: (t) => ({
            ...fields(t),
            userErrors: t.field({
                type: [UserError],
                description: 'Why the mutation did not (fully) happen; empty on success. Always check it: expected failures are never top-level errors.',
                resolve: (payload) => [...(payload.userErrors ?? [])],
            }),
        }),
    });
}
/** A `{ customer, userErrors }` payload type. */
export function customerPayload(name, description, customerDescription) {
    return payloadType(name, description, (t) => ({
        customer: t.field({
            type: Customer,
            nullable: true,
            description: customerDescription,
            resolve: (payload) => payload.customer ?? null,
        }),
    }));
}
/** Plan of what the payload's `customer` field selects (empty plan when it is not selected). */
export function payloadPlan(info, fieldName = 'customer') {
    const payloadType = getNamedType(info.returnType);
    const customerType = info.schema.getType('Customer');
    if (!isObjectType(payloadType) || !isObjectType(customerType)) {
        return emptyPlan('customers');
    }
    const subfields = collectSubfields(info.schema, info.fragments, info.variableValues, payloadType, info.fieldNodes);
    const nodes = [...subfields.values()].filter((list) => list[0]?.name.value === fieldName).flat();
    return planSelection(info, customerType, nodes, emptyPlan('customers'));
}
/** Adds `tags { name }` to a plan (tag mutations always need the resulting names). */
export function withTagNames(plan) {
    plan.fields.add('tags');
    const tags = plan.includes.get('tags') ?? emptyPlan('tags');
    tags.fields.add('name');
    plan.includes.set('tags', tags);
}
/**
 * `include`/`fields` for a customer write, so its answer carries everything the payload selects.
 * With planning off (field-by-field loading) only `include`s that `adjust` asks for are sent and
 * the answer keeps every attribute.
 */
export function writeQuery(ctx, info, adjust) {
    const plan = ctx.loader.planning ? payloadPlan(info) : emptyPlan('customers');
    adjust?.(plan);
    const query = toQueryParams(plan);
    if (ctx.loader.planning) {
        return query;
    }
    return query.include ? { include: query.include } : {};
}
/** After a write: drop what the request knew of the customer and remember what was written. */
export function remember(ctx, customer) {
    ctx.loader.forget(customer.type, customer.id);
    ctx.loader.remember(customer);
    return customer;
}
/** The Commerce Layer id behind an id argument, or a user error on `field`. */
export function idArgument(value, typename, field) {
    try {
        return rawId(value, typename, field.join('.'));
    }
    catch {
        throw new UserErrors([userError('INVALID', `Not a valid ${typename} id.`, field)]);
    }
}
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_EMAIL_LENGTH = 254;
/** The trimmed email, or a user error (BLANK, TOO_LONG, INVALID) on `field`. */
export function checkEmail(value, field) {
    const email = (value ?? '').trim();
    if (email === '') {
        throw new UserErrors([userError('BLANK', 'The email address is blank.', field)]);
    }
    if (email.length > MAX_EMAIL_LENGTH) {
        throw new UserErrors([
            userError('TOO_LONG', `The email address is longer than ${MAX_EMAIL_LENGTH}.`, field),
        ]);
    }
    if (!EMAIL.test(email) || hasUnsafeCharacters(email, { whitespace: true })) {
        throw new UserErrors([userError('INVALID', 'The email address is not valid.', field)]);
    }
    return email;
}
export const MAX_PASSWORD_LENGTH = 128;
/** Checks a password without ever echoing it. */
export function checkPassword(value, field) {
    if (value == null || value === '') {
        throw new UserErrors([userError('BLANK', 'The password is blank.', field)]);
    }
    if (value.length > MAX_PASSWORD_LENGTH) {
        throw new UserErrors([
            userError('TOO_LONG', `The password is longer than ${MAX_PASSWORD_LENGTH}.`, field),
        ]);
    }
    return value;
}
export const MAX_TAGS = 10;
export const MAX_TAG_LENGTH = 25;
const TAG_NAME = /^[A-Za-z0-9_:-]+$/;
/**
 * Tag names as Commerce Layer stores them: trimmed, lower-cased, de-duplicated; every name at
 * most 25 characters of `a-z A-Z 0-9 _ - :`, and at most 10 distinct names. User errors point at
 * `[...field, index]`.
 */
/** What a NOT_FOUND tag name error proposes: the API's way to create tags. */
export const MISSING_TAG_HINT = 'customerTagsAdd with createMissing: true creates it';
export function checkTagNames(names, field, options = {}) {
    const errors = [];
    const result = [];
    if (names.length === 0) {
        throw new UserErrors([userError('BLANK', 'Give at least one tag name.', field)]);
    }
    names.forEach((raw, index) => {
        const name = raw.trim();
        const at = [...field, String(index)];
        if (name === '') {
            errors.push(userError('BLANK', 'A tag name is blank.', at));
        }
        else if (name.length > MAX_TAG_LENGTH) {
            errors.push(userError('TOO_LONG', `Tag names have at most ${MAX_TAG_LENGTH} characters.`, at));
        }
        else if (!TAG_NAME.test(name)) {
            errors.push(userError('INVALID', 'Tag names may only contain letters, digits, "_", "-" and ":" (no spaces).', at));
        }
        else if (!result.includes(name.toLowerCase())) {
            result.push(name.toLowerCase());
        }
    });
    if (errors.length > 0) {
        throw new UserErrors(errors);
    }
    if (options.limit !== false && result.length > MAX_TAGS) {
        throw new UserErrors([
            userError('LIMIT_EXCEEDED', `A customer has at most ${MAX_TAGS} tags.`, field),
        ]);
    }
    return result;
}
export const MAX_METADATA_BYTES = 16_384;
export const MAX_METADATA_KEYS = 100;
export const MAX_METADATA_KEY_LENGTH = 255;
/** Metadata must be a JSON object of sane size: at most 100 keys and 16 KiB serialised. */
export function checkMetadata(value, field) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new UserErrors([userError('INVALID', 'Metadata must be a JSON object.', field)]);
    }
    const metadata = value;
    const keys = Object.keys(metadata);
    if (keys.length > MAX_METADATA_KEYS) {
        throw new UserErrors([
            userError('TOO_LONG', `Metadata has at most ${MAX_METADATA_KEYS} keys.`, field),
        ]);
    }
    for (const key of keys) {
        if (hasUnsafeCharacters(key, { whitespace: true })) {
            throw new UserErrors([
                userError('INVALID', 'Metadata keys may not contain control characters.', field),
            ]);
        }
        if (key.trim() === '' || key.length > MAX_METADATA_KEY_LENGTH) {
            throw new UserErrors([
                userError('INVALID', `Metadata keys are 1 to ${MAX_METADATA_KEY_LENGTH} characters long.`, field),
            ]);
        }
    }
    if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES) {
        throw new UserErrors([
            userError('TOO_LONG', `Metadata is larger than ${MAX_METADATA_BYTES} bytes.`, field),
        ]);
    }
    return metadata;
}
/**
 * Refuses, before any call, what Commerce Layer prohibits for sales channel and customer tokens
 * (tags and the anonymization triggers). Unknown token kinds (opaque tokens) are let through:
 * Commerce Layer then answers, and the answer maps to FORBIDDEN as well.
 */
export function refuseForSalesChannels(ctx, what, field) {
    const kind = ctx.caller?.kind;
    if (kind === 'sales_channel' || kind === 'customer') {
        throw new UserErrors([
            userError('FORBIDDEN', `Sales channel and customer tokens cannot ${what}; use an integration token.`, field),
        ]);
    }
}
//# sourceMappingURL=writes.js.map