import { builder } from "../builder.js";
import { commonFields, stringAttribute } from "./fields.js";
export const CustomerSubscription = builder.node(builder.objectRef('CustomerSubscription'), {
    description: "A customer's subscription (for example to a newsletter), identified by its reference.",
    id: { resolve: (resource) => resource.id },
    isTypeOf: (value) => value.type === 'customer_subscriptions',
    extensions: { upstreamType: 'customer_subscriptions' },
    fields: (t) => ({
        ...commonFields(t, 'customer subscription'),
        customerEmail: stringAttribute(t, 'customer_email', {
            description: 'The email of the customer that owns the subscription.',
        }),
    }),
});
//# sourceMappingURL=customer-subscription.js.map