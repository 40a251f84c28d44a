import { builder } from "../builder.js";
import { commonFields, stringAttribute } from "./fields.js";
export const CustomerPaymentSource = builder.node(builder.objectRef('CustomerPaymentSource'), {
    description: "A payment source saved in a customer's wallet.",
    id: { resolve: (resource) => resource.id },
    isTypeOf: (value) => value.type === 'customer_payment_sources',
    extensions: { upstreamType: 'customer_payment_sources' },
    fields: (t) => ({
        ...commonFields(t, 'customer payment source'),
        name: stringAttribute(t, 'name', {
            description: "Returns the associated payment source's name.",
        }),
    }),
});
//# sourceMappingURL=customer-payment-source.js.map