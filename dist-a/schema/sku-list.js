import { booleanAttribute, commonFields, resourceNode, stringAttribute } from "./fields.js";
export const SkuList = resourceNode('SkuList', {
    upstreamType: 'sku_lists',
    description: 'A list of SKUs (a wish list, a collection) linked to the customer.',
    fields: (t) => ({
        ...commonFields(t, 'SKU list'),
        name: stringAttribute(t, 'name', {
            nullable: false,
            description: "The SKU list's internal name.",
        }),
        slug: stringAttribute(t, 'slug', {
            nullable: false,
            description: "The SKU list's internal slug.",
        }),
        description: stringAttribute(t, 'description', {
            description: 'An internal description of the SKU list.',
        }),
        imageUrl: stringAttribute(t, 'image_url', {
            description: 'The URL of an image that represents the SKU list.',
        }),
        manual: booleanAttribute(t, 'manual', {
            description: 'Indicates if the SKU list is populated manually.',
        }),
    }),
});
//# sourceMappingURL=sku-list.js.map