import { booleanAttribute, commonFields, dateTimeAttribute, enumAttribute, intAttribute, jsonAttribute, resourceNode, stringAttribute, upstreamEnum, } from "./fields.js";
export const OrderSubscriptionStatus = upstreamEnum('OrderSubscriptionStatus', "The subscription status. One of 'draft' (default), 'inactive', 'active', 'running', or 'cancelled'.", ['draft', 'inactive', 'active', 'running', 'cancelled']);
export const OrderSubscription = resourceNode('OrderSubscription', {
    upstreamType: 'order_subscriptions',
    description: 'A recurring order placed on a schedule from a source order.',
    fields: (t) => ({
        ...commonFields(t, 'order subscription'),
        number: stringAttribute(t, 'number', {
            description: 'Unique identifier for the subscription (numeric).',
        }),
        status: enumAttribute(t, 'status', OrderSubscriptionStatus, {
            description: "The subscription status. One of 'draft' (default), 'inactive', 'active', 'running', or 'cancelled'.",
        }),
        frequency: stringAttribute(t, 'frequency', {
            nullable: false,
            description: "The frequency of the subscription. Use one of the supported within 'hourly', 'daily', 'weekly', 'monthly', 'two-month', 'three-month', 'four-month', 'six-month', 'yearly', or provide your custom crontab expression (min unit is hour). Must be supported by existing associated subscription_model.",
        }),
        activateBySourceOrder: booleanAttribute(t, 'activate_by_source_order', {
            description: 'Indicates if the subscription will be activated considering the placed source order as its first run.',
        }),
        placeTargetOrder: booleanAttribute(t, 'place_target_order', {
            description: 'Indicates if the subscription created orders are automatically placed at the end of the copy.',
        }),
        renewalAlertPeriod: intAttribute(t, 'renewal_alert_period', {
            description: 'Indicates the number of hours the renewal alert will be triggered before the subscription next run. Must be included between 1 and 720 hours.',
        }),
        customerEmail: stringAttribute(t, 'customer_email', {
            description: 'The email address of the customer, if any, associated to the source order.',
        }),
        startsAt: dateTimeAttribute(t, 'starts_at', {
            description: 'The activation date/time of this subscription.',
        }),
        expiresAt: dateTimeAttribute(t, 'expires_at', {
            description: 'The expiration date/time of this subscription (must be after starts_at).',
        }),
        lastRunAt: dateTimeAttribute(t, 'last_run_at', {
            description: 'The date/time of the subscription last run.',
        }),
        nextRunAt: dateTimeAttribute(t, 'next_run_at', {
            description: 'The date/time of the subscription next run. Can be updated but only in the future, to copy with frequency changes.',
        }),
        occurrencies: intAttribute(t, 'occurrencies', {
            description: 'The number of times this subscription has run.',
        }),
        errorsCount: intAttribute(t, 'errors_count', {
            description: 'Indicates the number of subscription errors, if any.',
        }),
        succeededOnLastRun: booleanAttribute(t, 'succeeded_on_last_run', {
            description: 'Indicates if the subscription has succeeded on its last run.',
        }),
        options: jsonAttribute(t, 'options', {
            description: 'The subscription options used to create the order.',
        }),
    }),
});
//# sourceMappingURL=order-subscription.js.map