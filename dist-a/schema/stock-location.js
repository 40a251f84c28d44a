import { Address } from "./address.js";
import { booleanAttribute, commonFields, intAttribute, resourceNode, stringAttribute, toOne, } from "./fields.js";
export const StockLocation = resourceNode('StockLocation', {
    upstreamType: 'stock_locations',
    description: 'A place where stock is kept and shipped from.',
    fields: (t) => ({
        ...commonFields(t, 'stock location'),
        number: intAttribute(t, 'number', {
            description: 'Unique identifier for the stock location (numeric).',
        }),
        name: stringAttribute(t, 'name', {
            nullable: false,
            description: "The stock location's internal name.",
        }),
        code: stringAttribute(t, 'code', {
            description: 'A string that you can use to identify the stock location (must be unique within the environment).',
        }),
        labelFormat: stringAttribute(t, 'label_format', {
            description: "The shipping label format for this stock location. Can be one of 'PDF', 'ZPL', 'EPL2', or 'PNG'.",
        }),
        suppressEtd: booleanAttribute(t, 'suppress_etd', {
            description: 'Flag it if you want to skip the electronic invoice creation when generating the customs info for this stock location shipments.',
        }),
        address: toOne(t, {
            relationship: 'address',
            type: Address,
            upstreamType: 'addresses',
            description: 'The address of the stock location.',
        }),
    }),
});
//# sourceMappingURL=stock-location.js.map