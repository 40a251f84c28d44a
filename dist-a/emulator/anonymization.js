import { createHash } from 'node:crypto';
import { errors } from "./errors.js";
import { isoTime, newId, parseTime, railsTime, seededRandom } from "./ids.js";
export const DEFAULT_ANONYMIZATION = {
    startAfterMs: 60_000,
    completeAfterMs: 300_000,
};
const FIRST_NAMES = ['Travis', 'Giulia', 'Marta', 'Oliver', 'Sofia', 'Lukas', 'Chloé', 'Diego'];
const LAST_NAMES = ['Muller', 'Rossi', 'Smith', 'Dubois', 'García', 'Schmidt', 'Bianchi', 'Evans'];
/**
 * The Commerce Layer *user* behind a token. The emulator has no users, so one is synthesised,
 * stable per API credential (client id): same id and name on every call.
 */
export function requesterFor(auth, organizationSlug) {
    const digest = createHash('sha256').update(auth.clientId).digest();
    const random = seededRandom(digest.readUInt32BE(0));
    const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)] ?? 'Travis';
    const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)] ?? 'Muller';
    const local = `${first}.${last}`
        .normalize('NFD')
        .replace(/[^A-Za-z.]/g, '')
        .toLowerCase();
    return {
        id: newId(random),
        first_name: first,
        last_name: last,
        email: `${local}@${organizationSlug}.test`,
    };
}
export function requestAnonymization(customer, requester, now, timing) {
    const status = customer.attrs.anonymization_status;
    if (status === 'requested' || status === 'started') {
        throw errors.validation('_request_anonymization', 'has already been requested', 'taken');
    }
    if (status === 'completed') {
        throw errors.validation('_request_anonymization', 'customer is already anonymized', 'invalid');
    }
    customer.attrs.anonymization_status = 'requested';
    customer.attrs.anonymization_info = {
        status: 'requested',
        requested_at: railsTime(now),
        requester,
    };
    const schedule = {
        start_at: isoTime(new Date(now.getTime() + timing.startAfterMs)),
        complete_at: isoTime(new Date(now.getTime() + Math.max(timing.completeAfterMs, timing.startAfterMs))),
    };
    customer.internal.anonymization_schedule = schedule;
}
export function cancelAnonymization(customer, requester, now) {
    if (customer.attrs.anonymization_status !== 'requested') {
        throw errors.validation('_cancel_anonymization', 'can only cancel a requested anonymization', 'invalid');
    }
    const info = (customer.attrs.anonymization_info ?? {});
    customer.attrs.anonymization_status = 'cancelled';
    customer.attrs.anonymization_info = {
        ...info,
        status: 'cancelled',
        cancelled_at: railsTime(now),
        cancellation_requester: requester,
    };
    delete customer.internal.anonymization_schedule;
}
/**
 * Applies due transitions (already saved); returns one entry per status change, in order, so a
 * customer that passed both `started` and `completed` since the last call yields two.
 */
export function advanceAnonymizations(store, now) {
    const pending = store.select('customers', {
        sql: "t.a_anonymization_status IN ('requested', 'started') AND json_extract(t.internal, '$.anonymization_schedule') IS NOT NULL",
        params: [],
    }, 't.seq ASC');
    const changed = [];
    for (const customer of pending) {
        const original = structuredClone(customer);
        const steps = [];
        const schedule = customer.internal.anonymization_schedule;
        const startAt = parseTime(schedule.start_at);
        const completeAt = parseTime(schedule.complete_at);
        if (!startAt || !completeAt) {
            continue;
        }
        let touched = false;
        const info = { ...customer.attrs.anonymization_info };
        if (customer.attrs.anonymization_status === 'requested' && now >= startAt) {
            customer.attrs.anonymization_status = 'started';
            info.status = 'started';
            info.started_at = railsTime(startAt);
            touched = true;
            steps.push(structuredClone({
                ...customer,
                attrs: { ...customer.attrs, anonymization_info: { ...info } },
            }));
        }
        if (customer.attrs.anonymization_status === 'started' && now >= completeAt) {
            customer.attrs.anonymization_status = 'completed';
            info.status = 'completed';
            info.completed_at = railsTime(completeAt);
            delete customer.internal.anonymization_schedule;
            anonymize(store, customer);
            touched = true;
        }
        if (touched) {
            customer.attrs.anonymization_info = info;
            customer.updated_at = isoTime(completeAt <= now ? completeAt : startAt);
            store.save('customers', customer);
            if (customer.attrs.anonymization_status === 'completed' && steps.length > 0) {
                // Passed `started` on the way: report it first, with the state it had then.
                const started = steps[0];
                started.updated_at = isoTime(startAt);
                changed.push({ before: original, after: started });
                changed.push({ before: started, after: customer });
            }
            else {
                changed.push({ before: original, after: customer });
            }
        }
    }
    return changed;
}
/** What an address-book address keeps of its personal data once anonymized. */
export const ANONYMIZED_ADDRESS = {
    first_name: 'Anonymized',
    last_name: 'Customer',
    line_1: '-',
    line_2: null,
    phone: '-',
    email: null,
    notes: null,
    billing_info: null,
    lat: null,
    lng: null,
};
/** The email a customer gets once anonymized: unique, well formed, and obviously not real. */
export function anonymizedEmail(customerId) {
    return `anonymized-${customerId.toLowerCase()}@anonymized.invalid`;
}
/**
 * Replaces personal data: the customer's email (see {@link anonymizedEmail}), password, tax
 * exemption code and metadata; the names, street, phone, email, notes and coordinates of every
 * address in their address book (city, state, zip and country stay, for aggregate reporting);
 * the customer email copied on their orders, returns and subscriptions.
 */
function anonymize(store, customer) {
    const email = anonymizedEmail(customer.id);
    customer.attrs.email = email;
    customer.attrs.tax_exemption_code = null;
    customer.attrs.metadata = {};
    delete customer.internal.password_hash;
    const links = store.select('customer_addresses', { sql: 't.customer_id = ?', params: [customer.id] }, 't.seq ASC');
    for (const link of links) {
        link.attrs.customer_email = email;
        store.save('customer_addresses', link);
        const addressId = link.rels.address;
        const address = addressId ? store.get('addresses', addressId) : undefined;
        if (address) {
            Object.assign(address.attrs, ANONYMIZED_ADDRESS, {
                company: address.attrs.business === true ? 'Anonymized' : null,
            });
            store.save('addresses', address);
        }
    }
    for (const type of ['orders', 'returns', 'order_subscriptions', 'customer_subscriptions']) {
        for (const row of store.select(type, { sql: 't.customer_id = ?', params: [customer.id] }, 't.seq ASC')) {
            if ('customer_email' in row.attrs) {
                row.attrs.customer_email = email;
                store.save(type, row);
            }
        }
    }
}
//# sourceMappingURL=anonymization.js.map