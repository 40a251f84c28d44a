import { booleanAttribute, commonFields, dateTimeAttribute, enumAttribute, floatAttribute, intAttribute, resourceNode, stringAttribute, upstreamEnum, } from "./fields.js";
export const OrderStatus = upstreamEnum('OrderStatus', "The order status. One of 'draft' (default), 'pending', 'editing', 'placing', 'placed', 'approved', or 'cancelled'.", ['draft', 'pending', 'editing', 'placing', 'placed', 'approved', 'cancelled']);
export const OrderPaymentStatus = upstreamEnum('OrderPaymentStatus', "The order payment status. One of 'unpaid' (default), 'authorized', 'partially_authorized', 'paid', 'partially_paid', 'voided', 'partially_voided', 'refunded', 'partially_refunded', or 'free'.", [
    'unpaid',
    'authorized',
    'partially_authorized',
    'paid',
    'partially_paid',
    'voided',
    'partially_voided',
    'refunded',
    'partially_refunded',
    'free',
]);
export const OrderFulfillmentStatus = upstreamEnum('OrderFulfillmentStatus', "The order fulfillment status. One of 'unfulfilled' (default), 'in_progress', 'fulfilled', or 'not_required'.", ['unfulfilled', 'in_progress', 'fulfilled', 'not_required']);
export const OrderCustomerType = upstreamEnum('OrderCustomerType', "The type of the associated customer. One of 'new', or 'returning'.", ['new', 'returning']);
export const Order = resourceNode('Order', {
    upstreamType: 'orders',
    description: 'An order, from cart (draft or pending) to placed, approved or cancelled.',
    fields: (t) => ({
        ...commonFields(t, 'order'),
        number: stringAttribute(t, 'number', {
            description: 'The order identifier. Can be specified if unique within the organization (for enterprise plans only), default to numeric ID otherwise. Cannot be passed by sales channels.',
        }),
        status: enumAttribute(t, 'status', OrderStatus, {
            description: "The order status. One of 'draft' (default), 'pending', 'editing', 'placing', 'placed', 'approved', or 'cancelled'.",
        }),
        paymentStatus: enumAttribute(t, 'payment_status', OrderPaymentStatus, {
            description: "The order payment status. One of 'unpaid' (default), 'authorized', 'partially_authorized', 'paid', 'partially_paid', 'voided', 'partially_voided', 'refunded', 'partially_refunded', or 'free'.",
        }),
        fulfillmentStatus: enumAttribute(t, 'fulfillment_status', OrderFulfillmentStatus, {
            description: "The order fulfillment status. One of 'unfulfilled' (default), 'in_progress', 'fulfilled', or 'not_required'.",
        }),
        customerType: enumAttribute(t, 'customer_type', OrderCustomerType, {
            description: "The type of the associated customer. One of 'new', or 'returning'.",
        }),
        guest: booleanAttribute(t, 'guest', {
            description: 'Indicates if the order has been placed as guest.',
        }),
        editable: booleanAttribute(t, 'editable', {
            description: 'Indicates if the order can be edited.',
        }),
        customerEmail: stringAttribute(t, 'customer_email', {
            description: 'The email address of the associated customer. When creating or updating an order, this is a shortcut to find or create the associated customer by email.',
        }),
        languageCode: stringAttribute(t, 'language_code', {
            description: 'The preferred language code (ISO 639-1) to be used when communicating with the customer. This can be useful when sending the order to 3rd party marketing tools and CRMs. If the language is supported, the hosted checkout will be localized accordingly.',
        }),
        currencyCode: stringAttribute(t, 'currency_code', {
            description: "The international 3-letter currency code as defined by the ISO 4217 standard, automatically inherited from the order's market.",
        }),
        taxIncluded: booleanAttribute(t, 'tax_included', {
            description: "Indicates if taxes are included in the order amounts, automatically inherited from the order's price list.",
        }),
        countryCode: stringAttribute(t, 'country_code', {
            description: "The international 2-letter country code as defined by the ISO 3166-1 standard, automatically inherited from the order's shipping or billing addresses.",
        }),
        couponCode: stringAttribute(t, 'coupon_code', {
            description: 'The coupon code to be used for the order. If valid, it triggers a promotion adding a discount line item to the order.',
        }),
        giftCardCode: stringAttribute(t, 'gift_card_code', {
            description: 'The gift card code (at least the first 8 characters) to be used for the order. If valid, it uses the gift card balance to pay for the order.',
        }),
        subtotalAmountCents: intAttribute(t, 'subtotal_amount_cents', {
            description: 'The sum of all the SKU line items total amounts, in cents.',
        }),
        subtotalAmountFloat: floatAttribute(t, 'subtotal_amount_float', {
            description: 'The sum of all the SKU line items total amounts, float.',
        }),
        formattedSubtotalAmount: stringAttribute(t, 'formatted_subtotal_amount', {
            description: 'The sum of all the SKU line items total amounts, formatted.',
        }),
        shippingAmountCents: intAttribute(t, 'shipping_amount_cents', {
            description: 'The sum of all the shipping costs, in cents.',
        }),
        formattedShippingAmount: stringAttribute(t, 'formatted_shipping_amount', {
            description: 'The sum of all the shipping costs, formatted.',
        }),
        discountAmountCents: intAttribute(t, 'discount_amount_cents', {
            description: 'The sum of all the discounts applied to the order, in cents (negative amount).',
        }),
        formattedDiscountAmount: stringAttribute(t, 'formatted_discount_amount', {
            description: 'The sum of all the discounts applied to the order, formatted.',
        }),
        totalTaxAmountCents: intAttribute(t, 'total_tax_amount_cents', {
            description: 'The sum of all the taxes applied to the order, in cents.',
        }),
        formattedTotalTaxAmount: stringAttribute(t, 'formatted_total_tax_amount', {
            description: 'The sum of all the taxes applied to the order, formatted.',
        }),
        totalAmountCents: intAttribute(t, 'total_amount_cents', {
            description: "The order's total amount, in cents.",
        }),
        totalAmountFloat: floatAttribute(t, 'total_amount_float', {
            description: "The order's total amount, float.",
        }),
        formattedTotalAmount: stringAttribute(t, 'formatted_total_amount', {
            description: "The order's total amount, formatted.",
        }),
        totalAmountWithTaxesCents: intAttribute(t, 'total_amount_with_taxes_cents', {
            description: "The order's total amount (when prices include taxes) or the order's total + taxes amount (when prices don't include taxes, e.g. US Markets or B2B).",
        }),
        formattedTotalAmountWithTaxes: stringAttribute(t, 'formatted_total_amount_with_taxes', {
            description: "The order's total amount with taxes, formatted.",
        }),
        skusCount: intAttribute(t, 'skus_count', {
            description: "The total number of SKUs in the order's line items. This can be useful to display a preview of the customer shopping cart content.",
        }),
        lineItemOptionsCount: intAttribute(t, 'line_item_options_count', {
            description: 'The total number of line item options. This can be useful to display a preview of the customer shopping cart content.',
        }),
        shipmentsCount: intAttribute(t, 'shipments_count', {
            description: 'The total number of shipments. This can be useful to manage the shipping method(s) selection during checkout.',
        }),
        placedAt: dateTimeAttribute(t, 'placed_at', {
            description: 'Time at which the order was placed.',
        }),
        approvedAt: dateTimeAttribute(t, 'approved_at', {
            description: 'Time at which the order was approved.',
        }),
        cancelledAt: dateTimeAttribute(t, 'cancelled_at', {
            description: 'Time at which the order was cancelled.',
        }),
        paymentUpdatedAt: dateTimeAttribute(t, 'payment_updated_at', {
            description: "Time at which the order's payment status was last updated.",
        }),
        fulfillmentUpdatedAt: dateTimeAttribute(t, 'fulfillment_updated_at', {
            description: "Time at which the order's fulfillment status was last updated.",
        }),
        archivedAt: dateTimeAttribute(t, 'archived_at', {
            description: 'Time at which the resource has been archived.',
        }),
        expiresAt: dateTimeAttribute(t, 'expires_at', {
            description: 'The expiration date/time of this order. Cannot be passed by sales channels.',
        }),
    }),
});
//# sourceMappingURL=order.js.map