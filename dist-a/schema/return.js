import { commonFields, dateTimeAttribute, enumAttribute, floatAttribute, intAttribute, resourceNode, stringAttribute, upstreamEnum, } from "./fields.js";
export const ReturnStatus = upstreamEnum('ReturnStatus', "The return status. One of 'draft' (default), 'requested', 'approved', 'cancelled', 'shipped', 'rejected', 'received', or 'refunded'.", [
    'draft',
    'requested',
    'approved',
    'cancelled',
    'shipped',
    'rejected',
    'received',
    'refunded',
]);
export const Return = resourceNode('Return', {
    upstreamType: 'returns',
    description: "A return of items from one of the customer's orders.",
    fields: (t) => ({
        ...commonFields(t, 'return'),
        number: stringAttribute(t, 'number', { description: 'Unique identifier for the return.' }),
        status: enumAttribute(t, 'status', ReturnStatus, {
            description: "The return status. One of 'draft' (default), 'requested', 'approved', 'cancelled', 'shipped', 'rejected', 'received', or 'refunded'.",
        }),
        customerEmail: stringAttribute(t, 'customer_email', {
            description: 'The email address of the associated customer.',
        }),
        skusCount: intAttribute(t, 'skus_count', {
            description: "The total number of SKUs in the return's line items. This can be useful to display a preview of the return content.",
        }),
        approvedAt: dateTimeAttribute(t, 'approved_at', {
            description: 'Time at which the return was approved.',
        }),
        cancelledAt: dateTimeAttribute(t, 'cancelled_at', {
            description: 'Time at which the return was cancelled.',
        }),
        shippedAt: dateTimeAttribute(t, 'shipped_at', {
            description: 'Time at which the return was shipped.',
        }),
        rejectedAt: dateTimeAttribute(t, 'rejected_at', {
            description: 'Time at which the return was rejected.',
        }),
        receivedAt: dateTimeAttribute(t, 'received_at', {
            description: 'Time at which the return was received.',
        }),
        refundedAt: dateTimeAttribute(t, 'refunded_at', {
            description: 'Time at which the return was refunded.',
        }),
        archivedAt: dateTimeAttribute(t, 'archived_at', {
            description: 'Time at which the resource has been archived.',
        }),
        estimatedRefundAmountCents: intAttribute(t, 'estimated_refund_amount_cents', {
            description: 'The amount to be refunded, estimated by associated return line items, in cents.',
        }),
        estimatedRefundAmountFloat: floatAttribute(t, 'estimated_refund_amount_float', {
            description: 'The amount to be refunded, estimated by associated return line items, float.',
        }),
        formattedEstimatedRefundAmount: stringAttribute(t, 'formatted_estimated_refund_amount', {
            description: 'The amount to be refunded, estimated by associated return line items, formatted.',
        }),
    }),
});
//# sourceMappingURL=return.js.map