import { commonFields, resourceNode, stringAttribute } from "./fields.js";
export const Event = resourceNode('Event', {
    upstreamType: 'events',
    description: 'A webhook event that can fire for the resource.',
    fields: (t) => ({
        ...commonFields(t, 'event'),
        name: stringAttribute(t, 'name', {
            nullable: false,
            description: "The event's internal name.",
        }),
    }),
});
//# sourceMappingURL=event.js.map