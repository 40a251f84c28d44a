import { commonFields, resourceNode, stringAttribute } from "./fields.js";
export const Attachment = resourceNode('Attachment', {
    upstreamType: 'attachments',
    description: 'A file or link attached to the resource.',
    fields: (t) => ({
        ...commonFields(t, 'attachment'),
        name: stringAttribute(t, 'name', {
            nullable: false,
            description: 'The internal name of the attachment.',
        }),
        description: stringAttribute(t, 'description', {
            description: 'An internal description of the attachment.',
        }),
        url: stringAttribute(t, 'url', { description: 'The attachment URL.' }),
    }),
});
//# sourceMappingURL=attachment.js.map