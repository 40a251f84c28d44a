import { builder } from "../../builder.js";
import { withUserErrors } from "../user-errors.js";
import { customerPayload, idArgument, refuseForSalesChannels, remember, writeQuery, } from "./writes.js";
const CustomerRequestAnonymizationPayload = customerPayload('CustomerRequestAnonymizationPayload', 'The result of customerRequestAnonymization.', 'The customer with `anonymizationStatus` REQUESTED; null when the request was refused.');
const CustomerCancelAnonymizationPayload = customerPayload('CustomerCancelAnonymizationPayload', 'The result of customerCancelAnonymization.', 'The customer with `anonymizationStatus` CANCELLED; null when the cancellation was refused.');
/** Refusals of the triggers are about the customer's state, not about an argument. */
function mapping(ctx) {
    return {
        prefix: [],
        names: { _request_anonymization: null, _cancel_anonymization: null },
        codes: { _request_anonymization: 'INVALID_STATE', _cancel_anonymization: 'INVALID_STATE' },
        idField: ['id'],
        tokenKind: ctx.caller?.kind,
    };
}
const ID_DESCRIPTION = 'The customer id (global or Commerce Layer).';
builder.mutationFields((t) => ({
    customerRequestAnonymization: t.field({
        type: CustomerRequestAnonymizationPayload,
        description: "Asks Commerce Layer to anonymize the customer's personal data (`_request_anonymization`), processed asynchronously (usually within 24-36 hours). INVALID_STATE when a request is already pending or the customer is already anonymized; FORBIDDEN for sales channel and customer tokens (Commerce Layer requires an integration token whose user may do it). One PATCH, whose answer serves the payload.",
        args: { id: t.arg.id({ required: true, description: ID_DESCRIPTION }) },
        resolve: (_root, args, ctx, info) => withUserErrors(mapping(ctx), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            refuseForSalesChannels(ctx, 'request an anonymization', null);
            const customer = await ctx.upstream.update('customers', id, { attributes: { _request_anonymization: true } }, writeQuery(ctx, info));
            return { customer: remember(ctx, customer), userErrors: [] };
        }),
    }),
    customerCancelAnonymization: t.field({
        type: CustomerCancelAnonymizationPayload,
        description: 'Cancels a pending anonymization request (`_cancel_anonymization`). Only a REQUESTED anonymization can be cancelled: once STARTED, COMPLETED, or when none was requested, the answer is INVALID_STATE. FORBIDDEN for sales channel and customer tokens. One PATCH, whose answer serves the payload.',
        args: { id: t.arg.id({ required: true, description: ID_DESCRIPTION }) },
        resolve: (_root, args, ctx, info) => withUserErrors(mapping(ctx), async () => {
            const id = idArgument(args.id, 'Customer', ['id']);
            refuseForSalesChannels(ctx, 'cancel an anonymization', null);
            const customer = await ctx.upstream.update('customers', id, { attributes: { _cancel_anonymization: true } }, writeQuery(ctx, info));
            return { customer: remember(ctx, customer), userErrors: [] };
        }),
    }),
}));
//# sourceMappingURL=anonymization.js.map