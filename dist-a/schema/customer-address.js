import { Address } from "./address.js";
import { commonFields, resourceNode, stringAttribute, toOne } from "./fields.js";
export const CustomerAddress = resourceNode('CustomerAddress', {
    upstreamType: 'customer_addresses',
    description: "An address in a customer's address book.",
    fields: (t) => ({
        ...commonFields(t, 'customer address'),
        name: stringAttribute(t, 'name', { description: "Returns the associated address' name." }),
        customerEmail: stringAttribute(t, 'customer_email', {
            description: 'The email of the customer associated to the address.',
        }),
        address: toOne(t, {
            relationship: 'address',
            type: Address,
            upstreamType: 'addresses',
            description: 'The address itself.',
        }),
    }),
});
//# sourceMappingURL=customer-address.js.map