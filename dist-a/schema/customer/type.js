import { builder } from "../../builder.js";
import { Attachment } from "../attachment.js";
import { CustomerAddress } from "../customer-address.js";
import { CustomerGroup } from "../customer-group.js";
import { CustomerPaymentSource } from "../customer-payment-source.js";
import { CustomerSubscription } from "../customer-subscription.js";
import { Event } from "../event.js";
import { EventStore } from "../event-store.js";
import { booleanAttribute, commonFields, enumAttribute, intAttribute, jsonAttribute, stringAttribute, toDate, toManyConnection, toManyList, toOne, } from "../fields.js";
import { Market } from "../market.js";
import { Order } from "../order.js";
import { OrderSubscription } from "../order-subscription.js";
import { Return } from "../return.js";
import { SkuList } from "../sku-list.js";
import { StockLocation } from "../stock-location.js";
import { Tag } from "../tag.js";
export const CustomerStatus = builder.enumType('CustomerStatus', {
    description: 'Where the customer is in their life cycle, derived from their placed orders.',
    values: {
        PROSPECT: { value: 'prospect', description: 'No placed order yet (the default).' },
        ACQUIRED: { value: 'acquired', description: 'One placed order.' },
        REPEAT: { value: 'repeat', description: 'Two or more placed orders.' },
    },
});
export const AnonymizationStatus = builder.enumType('AnonymizationStatus', {
    description: "The state of a request to anonymize a customer's personal data.",
    values: {
        REQUESTED: { value: 'requested', description: 'Requested; can still be cancelled.' },
        STARTED: { value: 'started', description: 'Being processed; can no longer be cancelled.' },
        COMPLETED: { value: 'completed', description: 'The personal data has been anonymized.' },
        FAILED: { value: 'failed', description: 'Processing failed.' },
        CANCELLED: { value: 'cancelled', description: 'Cancelled before it started.' },
    },
});
export const ResourceMode = builder.enumType('ResourceMode', {
    description: 'The Commerce Layer environment a resource lives in, decided by the access token.',
    values: {
        TEST: { value: 'test', description: 'Test data (test credentials).' },
        LIVE: { value: 'live', description: 'Live data.' },
    },
});
export const AnonymizationUser = builder.objectRef('AnonymizationUser').implement({
    description: 'A Commerce Layer user (a person in the organization, not an application).',
    fields: (t) => ({
        id: t.string({
            nullable: true,
            description: 'The id of the user.',
            resolve: (u) => u.id ?? null,
        }),
        firstName: t.string({
            nullable: true,
            description: 'First name of the user.',
            resolve: (u) => u.first_name ?? null,
        }),
        lastName: t.string({
            nullable: true,
            description: 'Last name of the user.',
            resolve: (u) => u.last_name ?? null,
        }),
        email: t.string({
            nullable: true,
            description: 'Email of the user.',
            resolve: (u) => u.email ?? null,
        }),
    }),
});
const date = (value) => toDate(value);
export const AnonymizationInfo = builder
    .objectRef('AnonymizationInfo')
    .implement({
    description: "The history of the customer's anonymization request.",
    fields: (t) => ({
        status: t.field({
            type: AnonymizationStatus,
            nullable: true,
            description: 'The status of the anonymization.',
            resolve: (i) => i.status ?? null,
        }),
        requestedAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When the anonymization was requested.',
            resolve: (i) => date(i.requested_at),
        }),
        startedAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When processing started.',
            resolve: (i) => date(i.started_at),
        }),
        completedAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When processing completed.',
            resolve: (i) => date(i.completed_at),
        }),
        failedAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When processing failed.',
            resolve: (i) => date(i.failed_at),
        }),
        cancelledAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When the request was cancelled.',
            resolve: (i) => date(i.cancelled_at),
        }),
        requester: t.field({
            type: AnonymizationUser,
            nullable: true,
            description: 'The user who requested the anonymization.',
            resolve: (i) => i.requester ?? null,
        }),
        cancellationRequester: t.field({
            type: AnonymizationUser,
            nullable: true,
            description: 'The user who cancelled the request.',
            resolve: (i) => i.cancellation_requester ?? null,
        }),
    }),
});
const CustomerRef = builder.objectRef('Customer');
export const Customer = builder.node(CustomerRef, {
    description: 'A Commerce Layer customer: a shopper with an email, optionally a password, addresses, payment sources and orders.',
    id: { resolve: (customer) => customer.id },
    isTypeOf: (value) => value.type === 'customers',
    extensions: { upstreamType: 'customers' },
    fields: (t) => ({
        ...commonFields(t, 'customer'),
        email: stringAttribute(t, 'email', {
            description: "The customer's email address.",
            nullable: false,
        }),
        status: enumAttribute(t, 'status', CustomerStatus, {
            description: "The customer's status: prospect (default), acquired or repeat.",
            nullable: false,
        }),
        hasPassword: booleanAttribute(t, 'has_password', {
            description: 'Whether the customer has a password (the password itself is never readable).',
            nullable: false,
        }),
        totalOrdersCount: intAttribute(t, 'total_orders_count', {
            description: 'The total number of orders of the customer.',
            nullable: false,
        }),
        shopperReference: stringAttribute(t, 'shopper_reference', {
            description: 'A reference that identifies the shopper during payment sessions.',
        }),
        profileId: stringAttribute(t, 'profile_id', {
            description: 'A reference that identifies the customer on connected external services.',
        }),
        taxExemptionCode: stringAttribute(t, 'tax_exemption_code', {
            description: 'The code of the tax exemption reason for this customer.',
        }),
        jwtCustomClaim: jsonAttribute(t, 'jwt_custom_claim', {
            description: 'The custom claim attached to the current JWT (if any).',
        }),
        anonymizationStatus: enumAttribute(t, 'anonymization_status', AnonymizationStatus, {
            description: 'The status of the current anonymization request, if any.',
        }),
        anonymizationInfo: t.field({
            type: AnonymizationInfo,
            nullable: true,
            description: 'Who requested or cancelled the anonymization, and when each step happened.',
            extensions: { upstream: { attributes: ['anonymization_info'] } },
            resolve: (customer) => {
                const info = customer.attributes.anonymization_info;
                return info && typeof info === 'object' && Object.keys(info).length > 0
                    ? info
                    : null;
            },
        }),
        mode: t.field({
            type: ResourceMode,
            nullable: true,
            description: 'The environment (test or live) the customer lives in.',
            resolve: (customer) => customer.meta.mode ?? null,
        }),
        self: t.string({
            nullable: true,
            description: "The customer's URL in the Commerce Layer API.",
            resolve: (customer) => customer.self ?? null,
        }),
        customerGroup: toOne(t, {
            relationship: 'customer_group',
            type: CustomerGroup,
            upstreamType: 'customer_groups',
            description: 'The group the customer belongs to, if any.',
        }),
        addresses: toManyConnection(t, {
            relationship: 'customer_addresses',
            type: CustomerAddress,
            typeName: 'CustomerAddress',
            upstreamType: 'customer_addresses',
            description: "The customer's saved addresses (their address book).",
        }),
        paymentSources: toManyConnection(t, {
            relationship: 'customer_payment_sources',
            type: CustomerPaymentSource,
            typeName: 'CustomerPaymentSource',
            upstreamType: 'customer_payment_sources',
            description: "The customer's saved payment sources (their wallet).",
        }),
        subscriptions: toManyConnection(t, {
            relationship: 'customer_subscriptions',
            type: CustomerSubscription,
            typeName: 'CustomerSubscription',
            upstreamType: 'customer_subscriptions',
            description: "The customer's subscriptions.",
        }),
        orders: toManyConnection(t, {
            relationship: 'orders',
            type: Order,
            typeName: 'Order',
            upstreamType: 'orders',
            description: "The customer's orders, pending or placed.",
        }),
        orderSubscriptions: toManyConnection(t, {
            relationship: 'order_subscriptions',
            type: OrderSubscription,
            typeName: 'OrderSubscription',
            upstreamType: 'order_subscriptions',
            description: "The customer's recurring order subscriptions.",
        }),
        returns: toManyConnection(t, {
            relationship: 'returns',
            type: Return,
            typeName: 'Return',
            upstreamType: 'returns',
            description: "The customer's returns.",
        }),
        skuLists: toManyConnection(t, {
            relationship: 'sku_lists',
            type: SkuList,
            typeName: 'SkuList',
            upstreamType: 'sku_lists',
            description: 'The SKU lists linked to the customer.',
        }),
        attachments: toManyConnection(t, {
            relationship: 'attachments',
            type: Attachment,
            typeName: 'Attachment',
            upstreamType: 'attachments',
            description: 'Files and links attached to the customer.',
        }),
        events: toManyConnection(t, {
            relationship: 'events',
            type: Event,
            typeName: 'Event',
            upstreamType: 'events',
            description: 'The webhook events that can fire for the customer.',
        }),
        tags: toManyList(t, {
            relationship: 'tags',
            type: Tag,
            upstreamType: 'tags',
            description: "The customer's tags (at most 10). Change them with customerTagsAdd and customerTagsRemove.",
        }),
        eventStores: toManyConnection(t, {
            relationship: 'event_stores',
            type: EventStore,
            typeName: 'EventStore',
            upstreamType: 'event_stores',
            includable: false,
            description: 'The record of changes made to the customer. Commerce Layer cannot include it, so it costs one request per customer.',
        }),
        jwtCustomer: toOne(t, {
            relationship: 'jwt_customer',
            type: CustomerRef,
            upstreamType: 'customers',
            description: 'The customer that owns the access token of this request, if it is a customer token.',
        }),
        jwtMarkets: toManyList(t, {
            relationship: 'jwt_markets',
            type: Market,
            upstreamType: 'markets',
            description: "The markets in the access token's scope.",
        }),
        jwtStockLocations: toManyList(t, {
            relationship: 'jwt_stock_locations',
            type: StockLocation,
            upstreamType: 'stock_locations',
            description: "The stock locations in the access token's scope.",
        }),
    }),
});
//# sourceMappingURL=type.js.map