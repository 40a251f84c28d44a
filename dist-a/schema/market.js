import { booleanAttribute, commonFields, dateTimeAttribute, intAttribute, resourceNode, stringAttribute, } from "./fields.js";
export const Market = resourceNode('Market', {
    upstreamType: 'markets',
    description: 'A market: the context (price list, inventory, customer group) in which customers shop.',
    fields: (t) => ({
        ...commonFields(t, 'market'),
        number: intAttribute(t, 'number', {
            description: 'Unique identifier for the market (numeric).',
        }),
        name: stringAttribute(t, 'name', {
            nullable: false,
            description: "The market's internal name.",
        }),
        code: stringAttribute(t, 'code', {
            description: 'A string that you can use to identify the market (must be unique within the environment).',
        }),
        checkoutUrl: stringAttribute(t, 'checkout_url', {
            description: 'The checkout URL for this market.',
        }),
        private: booleanAttribute(t, 'private', {
            description: 'Indicates if market belongs to a customer_group.',
        }),
        disabledAt: dateTimeAttribute(t, 'disabled_at', {
            description: 'Time at which this resource was disabled.',
        }),
    }),
});
//# sourceMappingURL=market.js.map