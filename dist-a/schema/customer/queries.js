import { builder } from "../../builder.js";
import { badUserInput, notFound } from "../errors.js";
import { connectionOf } from "../fields.js";
import { DateTimeFilter, FilterCompiler, IdFilter, IntFilter, rawId, StringFilter, } from "../filters.js";
import { listConnection } from "../lists.js";
import { emptyPlan, planField, toQueryParams } from "../planning/plan.js";
import { normalizeEmail } from "./email.js";
import { AnonymizationStatus, Customer, CustomerStatus } from "./type.js";
const CustomerStatusFilter = builder.inputType('CustomerStatusFilter', {
    description: 'Conditions on the customer status.',
    fields: (t) => ({
        eq: t.field({ type: CustomerStatus, description: 'Equal to.' }),
        in: t.field({ type: [CustomerStatus], description: 'One of.' }),
    }),
});
const AnonymizationStatusFilter = builder.inputType('AnonymizationStatusFilter', {
    description: 'Conditions on the anonymization status.',
    fields: (t) => ({
        eq: t.field({ type: AnonymizationStatus, description: 'Equal to.' }),
        in: t.field({ type: [AnonymizationStatus], description: 'One of.' }),
        exists: t.boolean({ description: 'true: an anonymization was ever requested; false: never.' }),
    }),
});
const CustomerGroupFilter = builder.inputType('CustomerGroupFilter', {
    description: 'Conditions on the group a customer belongs to.',
    fields: (t) => ({
        id: t.field({ type: IdFilter, description: 'The group id.' }),
        name: t.field({ type: StringFilter, description: 'The group name.' }),
        exists: t.boolean({ description: 'true: customers in any group; false: customers in none.' }),
    }),
});
const TagFilter = builder.inputType('TagFilter', {
    description: 'Conditions on the tags of a customer.',
    fields: (t) => ({
        anyOf: t.stringList({ description: 'Has at least one of these tag names.' }),
    }),
});
export const CustomerWhere = builder.inputType('CustomerWhere', {
    description: 'Filters on customers. Every condition given must hold (AND). Compiled to Commerce Layer `filter[q]` predicates; a condition Commerce Layer cannot express is refused before any request.',
    fields: (t) => ({
        id: t.field({ type: IdFilter, description: 'The customer id.' }),
        email: t.field({
            type: StringFilter,
            description: 'The email address. `eq`, `in`, `startsWith` and `endsWith` are trimmed and lower-cased first, as Commerce Layer stores emails, so they match whatever the case given.',
        }),
        status: t.field({ type: CustomerStatusFilter, description: 'The status.' }),
        customerGroup: t.field({ type: CustomerGroupFilter, description: 'The customer group.' }),
        tags: t.field({ type: TagFilter, description: 'The tags.' }),
        createdAt: t.field({ type: DateTimeFilter, description: 'When the customer was created.' }),
        updatedAt: t.field({
            type: DateTimeFilter,
            description: 'When the customer was last updated.',
        }),
        reference: t.field({ type: StringFilter, description: 'The external reference.' }),
        referenceOrigin: t.field({ type: StringFilter, description: 'The origin of the reference.' }),
        totalOrdersCount: t.field({ type: IntFilter, description: 'The number of orders.' }),
        metadata: t.field({
            type: 'JSONObject',
            description: 'Metadata containing these key-value pairs (JSON containment).',
        }),
        anonymizationStatus: t.field({
            type: AnonymizationStatusFilter,
            description: 'The anonymization status.',
        }),
        search: t.string({ description: 'Email or reference contains this text.' }),
    }),
});
/** Compiles `where` into Ransack predicates; throws BAD_USER_INPUT before any upstream call. */
export function compileCustomerWhere(where) {
    const compiler = new FilterCompiler();
    if (!where) {
        return compiler.predicates;
    }
    compiler.ids('id', 'where.id', 'Customer', where.id);
    compiler.string('email', 'where.email', where.email && {
        ...where.email,
        ...(where.email.eq != null ? { eq: normalizeEmail(where.email.eq) } : {}),
        ...(where.email.in != null ? { in: where.email.in.map(normalizeEmail) } : {}),
        ...(where.email.startsWith != null
            ? { startsWith: where.email.startsWith.trimStart().toLowerCase() }
            : {}),
        ...(where.email.endsWith != null
            ? { endsWith: where.email.endsWith.trimEnd().toLowerCase() }
            : {}),
    });
    if (where.status?.eq) {
        compiler.set('status_eq', where.status.eq);
    }
    if (where.status?.in) {
        compiler.set('status_in', compiler.list('where.status.in', where.status.in));
    }
    if (where.customerGroup) {
        compiler.ids('customer_group_id', 'where.customerGroup.id', 'CustomerGroup', where.customerGroup.id);
        compiler.string('customer_group_name', 'where.customerGroup.name', where.customerGroup.name);
        if (where.customerGroup.exists != null) {
            compiler.set('customer_group_id_null', !where.customerGroup.exists);
        }
    }
    if (where.tags?.anyOf) {
        compiler.set('tags_name_in', compiler.list('where.tags.anyOf', where.tags.anyOf.map((n) => n.toLowerCase())));
    }
    compiler.dateTime('created_at', 'where.createdAt', where.createdAt);
    compiler.dateTime('updated_at', 'where.updatedAt', where.updatedAt);
    compiler.string('reference', 'where.reference', where.reference);
    compiler.string('reference_origin', 'where.referenceOrigin', where.referenceOrigin);
    compiler.int('total_orders_count', 'where.totalOrdersCount', where.totalOrdersCount);
    if (where.metadata) {
        if (Object.keys(where.metadata).length === 0) {
            throw badUserInput('`where.metadata` must have at least one key.', 'where.metadata');
        }
        compiler.set('metadata_jcont', where.metadata);
    }
    if (where.anonymizationStatus?.eq) {
        compiler.set('anonymization_status_eq', where.anonymizationStatus.eq);
    }
    if (where.anonymizationStatus?.in) {
        compiler.set('anonymization_status_in', compiler.list('where.anonymizationStatus.in', where.anonymizationStatus.in));
    }
    if (where.anonymizationStatus?.exists != null) {
        compiler.set('anonymization_status_null', !where.anonymizationStatus.exists);
    }
    if (where.search != null) {
        compiler.set('email_or_reference_cont', compiler.text('where.search', where.search));
    }
    return compiler.predicates;
}
export const CustomerSortKey = builder.enumType('CustomerSortKey', {
    description: 'Orders of the customer list. Ties are broken by id, so pages never overlap.',
    values: {
        CREATED_AT: { value: 'created_at', description: 'Creation time (the default).' },
        UPDATED_AT: { value: 'updated_at', description: 'Last update time.' },
        EMAIL: { value: 'email', description: 'Email address.' },
        STATUS: { value: 'status', description: 'Status.' },
        TOTAL_ORDERS_COUNT: { value: 'total_orders_count', description: 'Number of orders.' },
        REFERENCE: { value: 'reference', description: 'External reference.' },
        ANONYMIZATION_STATUS: { value: 'anonymization_status', description: 'Anonymization status.' },
        ID: { value: 'id', description: 'Commerce Layer id.' },
    },
});
function sortOf(key, reverse) {
    const direction = reverse ? '-' : '';
    return key === 'id' ? [`${direction}id`] : [`${direction}${key}`, `${direction}id`];
}
/** One customer by id through the batching loader, planned from the selection. */
export function loadCustomer(ctx, info, id) {
    const plan = ctx.loader.planning
        ? (planField(info) ?? emptyPlan('customers'))
        : emptyPlan('customers');
    return ctx.loader.byId(plan, id);
}
builder.queryFields((t) => ({
    customer: t.field({
        type: Customer,
        nullable: true,
        description: 'One customer by id (Relay global ID or Commerce Layer id). Null, with a NOT_FOUND error, when it does not exist.',
        args: { id: t.arg.id({ required: true, description: 'The customer id.' }) },
        resolve: async (_root, args, ctx, info) => {
            const customer = await loadCustomer(ctx, info, rawId(args.id, 'Customer', 'id'));
            if (!customer) {
                throw notFound(`Customer with id ${String(args.id)}`);
            }
            return customer;
        },
    }),
    viewer: t.field({
        type: Customer,
        nullable: true,
        description: "The customer the access token belongs to: a customer token (Commerce Layer's password or JWT bearer grant) reads its own record. Null for integration, sales channel and webapp tokens, and without a verified token. One upstream request, planned from the selection like `customer(id:)`.",
        resolve: (_root, _args, ctx, info) => {
            const caller = ctx.caller;
            if (caller?.kind !== 'customer' || !caller.ownerId) {
                return null;
            }
            return loadCustomer(ctx, info, caller.ownerId);
        },
    }),
    customerByEmail: t.field({
        type: Customer,
        nullable: true,
        description: 'The customer with this email address. Null, without an error, when no customer visible to the access token has it: a lookup by email is a search, and finding nothing is an answer (use `customer(id:)` for a lookup that fails with NOT_FOUND).',
        args: {
            email: t.arg.string({
                required: true,
                description: 'The email address, compared as Commerce Layer stores it: trimmed and lower-cased.',
            }),
        },
        resolve: async (_root, args, ctx, info) => {
            const email = normalizeEmail(args.email);
            if (email.length === 0 || email.length > 255 || !email.includes('@')) {
                throw badUserInput('`email` is not an email address.', 'email');
            }
            const plan = ctx.loader.planning
                ? toQueryParams(planField(info) ?? emptyPlan('customers'))
                : {};
            const page = await ctx.loader.list('customers', {
                ...plan,
                filter: { email_eq: email },
                page: { number: 1, size: 1 },
            });
            return page.data[0] ?? null;
        },
    }),
    customers: t.connection({
        type: Customer,
        // Nullable: a failed list nulls only itself, never its sibling root fields.
        nullable: true,
        description: 'Customers matching `where`, in `sortKey` order. `totalCount` costs no extra request.',
        args: {
            where: t.arg({ type: CustomerWhere, description: 'Filters; all must hold.' }),
            sortKey: t.arg({
                type: CustomerSortKey,
                defaultValue: 'created_at',
                description: 'The order.',
            }),
            reverse: t.arg.boolean({
                defaultValue: false,
                description: 'Reverse the order (newest first for CREATED_AT).',
            }),
        },
        resolve: (_root, args, ctx, info) => {
            const filter = compileCustomerWhere(args.where);
            const sort = sortOf(args.sortKey ?? 'created_at', args.reverse ?? false);
            return listConnection(ctx, info, 'customers', args, filter, sort);
        },
    }, connectionOf(Customer, 'Customer')),
}));
//# sourceMappingURL=queries.js.map