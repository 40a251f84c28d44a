import { commonFields, jsonAttribute, resourceNode, stringAttribute } from "./fields.js";
export const EventStore = resourceNode('EventStore', {
    upstreamType: 'event_stores',
    // Commerce Layer lists event stores only under their resource (`customers/{id}/event_stores`);
    // `GET /event_stores/{id}` retrieves one (https://docs.commercelayer.io/core/v/api-reference/event_stores).
    retrieveOnly: true,
    description: 'A record of a change to the resource (create or update), with its payload and author.',
    fields: (t) => ({
        ...commonFields(t, 'event store record'),
        resourceType: stringAttribute(t, 'resource_type', {
            description: 'The type of the affected resource.',
        }),
        resourceId: stringAttribute(t, 'resource_id', {
            description: 'The ID of the affected resource.',
        }),
        event: stringAttribute(t, 'event', {
            description: 'The type of change (one of create or update).',
        }),
        payload: jsonAttribute(t, 'payload', { description: 'The object changes payload.' }),
        who: jsonAttribute(t, 'who', { description: 'Information about who triggered the change.' }),
    }),
});
//# sourceMappingURL=event-store.js.map