import { builder } from "../../builder.js";
import { toDate } from "../fields.js";
import { withUserErrors } from "../user-errors.js";
import { checkEmail, checkPassword, idArgument, payloadType } from "./writes.js";
export const CustomerPasswordReset = builder
    .objectRef('CustomerPasswordReset')
    .implement({
    description: "A Commerce Layer password reset (`customer_password_resets`): created for a customer's email, then used once with its token to set a new password.",
    fields: (t) => ({
        id: t.id({
            description: 'The Commerce Layer id of the reset: pass it as `resetId` to customerPasswordReset.',
            resolve: (reset) => reset.id,
        }),
        customerEmail: t.string({
            nullable: true,
            description: 'The email of the customer whose password is reset.',
            resolve: (reset) => reset.attributes.customer_email ?? null,
        }),
        token: t.string({
            nullable: true,
            description: "The reset token (`reset_password_token`), present only in the answer of customerPasswordResetRequest. SECURITY: whoever holds it can set the customer's password. Commerce Layer hands it to the integration that created the reset, and this gateway returns it only to a caller that sent its own verified integration token: null for sales channel and customer tokens, and null when no Authorization header was sent (even where the gateway lends its own credential), since whoever could ask for it could take over any account by its email. The trusted backend that calls customerPasswordResetRequest delivers it to the customer out of band (an email link); never show it to the browser that asked for the reset, never log it.",
            resolve: (reset) => reset.attributes.reset_password_token ?? null,
        }),
        resetAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When the password was reset with this token; null while unused.',
            resolve: (reset) => toDate(reset.attributes.reset_password_at),
        }),
        createdAt: t.field({
            type: 'DateTime',
            nullable: true,
            description: 'When the reset was requested.',
            resolve: (reset) => toDate(reset.attributes.created_at),
        }),
    }),
});
function resetPayload(name, description, resetDescription) {
    return payloadType(name, description, (t) => ({
        passwordReset: t.field({
            type: CustomerPasswordReset,
            nullable: true,
            description: resetDescription,
            resolve: (payload) => payload.passwordReset ?? null,
        }),
    }));
}
const CustomerPasswordResetRequestPayload = resetPayload('CustomerPasswordResetRequestPayload', 'The result of customerPasswordResetRequest.', 'The new reset, with its id and (read its description first) its token; null when refused.');
const CustomerPasswordResetPayload = resetPayload('CustomerPasswordResetPayload', 'The result of customerPasswordReset.', 'The used reset (`resetAt` set); null when refused.');
/**
 * The reset token lets its holder set the password, so the gateway hands it only to a caller that
 * presented its own verified integration token (a back end), as Commerce Layer does. A sales
 * channel or customer token gets null even if the upstream sent it, and so does a request that
 * sent no token and ran with the gateway's lent credential (the embedded emulator's convenience,
 * or ALLOW_ANONYMOUS): otherwise anyone could take over any account by its email.
 */
function withoutTokenUnlessIntegration(ctx, reset) {
    const ownIntegrationToken = ctx.caller?.kind === 'integration' && !ctx.caller.gatewayCredential;
    if (ownIntegrationToken || !('reset_password_token' in reset.attributes)) {
        return reset;
    }
    const { reset_password_token: _token, ...attributes } = reset.attributes;
    return { ...reset, attributes };
}
function mapping(ctx) {
    return {
        prefix: [],
        names: {
            customer_email: ['email'],
            customer_password: ['password'],
            _reset_password_token: ['token'],
            customer: null,
        },
        idField: ['resetId'],
        tokenKind: ctx.caller?.kind,
    };
}
/** A token Commerce Layer refused: used once already, or not this reset's. */
function typedTokenErrors(errors) {
    return errors.map((error) => {
        if (error.field?.[0] !== 'token' || error.code !== 'INVALID') {
            return error;
        }
        const used = /already been used/i.test(error.message);
        return { ...error, code: used ? 'RESET_TOKEN_USED' : 'RESET_TOKEN_INVALID' };
    });
}
builder.mutationFields((t) => ({
    customerPasswordResetRequest: t.field({
        type: CustomerPasswordResetRequestPayload,
        description: "Starts a password reset for the customer with this email (`POST /customer_password_resets`, one upstream request). The answer holds the reset's id and token, which customerPasswordReset needs: read the security note on `CustomerPasswordReset.token`. An email that belongs to no customer is an INVALID user error on `email`.",
        args: {
            email: t.arg.string({ required: true, description: 'The email of the customer.' }),
        },
        resolve: (_root, args, ctx) => withUserErrors(mapping(ctx), async () => {
            const email = checkEmail(args.email, ['email']);
            const reset = await ctx.upstream.create('customer_password_resets', {
                attributes: { customer_email: email },
            });
            return { passwordReset: withoutTokenUnlessIntegration(ctx, reset), userErrors: [] };
        }),
    }),
    customerPasswordReset: t.field({
        type: CustomerPasswordResetPayload,
        description: "Sets a customer's new password with a reset's token (`PATCH /customer_password_resets/{id}`, one upstream request). A token already used is RESET_TOKEN_USED, a wrong one RESET_TOKEN_INVALID. The password is write-only: never returned, logged or echoed in errors.",
        args: {
            resetId: t.arg.id({
                required: true,
                description: 'The `id` of the reset, from customerPasswordResetRequest.',
            }),
            token: t.arg.string({ required: true, description: 'The reset token.' }),
            password: t.arg.string({ required: true, description: 'The new password (write-only).' }),
        },
        resolve: async (_root, args, ctx) => {
            const result = await withUserErrors(mapping(ctx), async () => {
                const id = idArgument(args.resetId, 'CustomerPasswordReset', ['resetId']);
                const password = checkPassword(args.password, ['password']);
                if (args.token.trim() === '') {
                    return {
                        userErrors: [{ code: 'BLANK', message: 'The reset token is blank.', field: ['token'] }],
                    };
                }
                const reset = await ctx.upstream.update('customer_password_resets', id, {
                    attributes: { customer_password: password, _reset_password_token: args.token },
                });
                return { passwordReset: reset, userErrors: [] };
            });
            return { ...result, userErrors: typedTokenErrors([...(result.userErrors ?? [])]) };
        },
    }),
}));
//# sourceMappingURL=password-reset.js.map