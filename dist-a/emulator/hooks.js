/**
 * Derived attributes and virtual relationships. Everything here is computed on read from what is
 * stored, so it can never disagree with it.
 */
export function createHooks(store) {
    return {
        computed(type, row, ctx) {
            const values = {};
            addMoney(row, values);
            switch (type) {
                case 'customers':
                    values.has_password = typeof row.internal.password_hash === 'string';
                    values.jwt_custom_claim = ctx.auth.customClaim ?? null;
                    break;
                case 'addresses':
                    Object.assign(values, addressNames(row.attrs));
                    break;
                case 'customer_addresses': {
                    const addressId = row.rels.address;
                    const address = addressId ? store.get('addresses', addressId) : undefined;
                    values.name = address ? addressNames(address.attrs).name : null;
                    break;
                }
                case 'customer_password_resets':
                    // Only the create answer carries the clear token (see api.ts).
                    values.reset_password_token = null;
                    break;
                case 'webhooks':
                    // Returned once, in the create answer (writes.ts); stored in `internal`.
                    values.shared_secret = null;
                    break;
                default:
                    break;
            }
            return values;
        },
        virtual(type, rel, row, ctx) {
            if (type === 'webhooks' && rel.name === 'last_event_callbacks') {
                const ids = store
                    .select('event_callbacks', { sql: 't.webhook_id = ?', params: [row.id] }, 't.seq DESC', 10)
                    .map((callback) => callback.id);
                return { type: 'event_callbacks', ids };
            }
            if (type !== 'customers') {
                return undefined;
            }
            return customerVirtual(store, rel, row, ctx);
        },
    };
}
function customerVirtual(store, rel, _row, ctx) {
    switch (rel.name) {
        case 'jwt_customer':
            return { type: 'customers', ids: ctx.auth.ownerCustomerId ? [ctx.auth.ownerCustomerId] : [] };
        case 'jwt_markets':
            return { type: 'markets', ids: [...ctx.auth.marketIds] };
        case 'jwt_stock_locations': {
            // A market's stock locations are those of its inventory model, kept on the market record.
            const ids = [];
            for (const market of store.getMany('markets', ctx.auth.marketIds)) {
                const linked = market.internal.stock_location_ids;
                if (Array.isArray(linked)) {
                    for (const id of linked) {
                        if (typeof id === 'string' && !ids.includes(id)) {
                            ids.push(id);
                        }
                    }
                }
            }
            return { type: 'stock_locations', ids };
        }
        default:
            return undefined;
    }
}
const CURRENCY_SYMBOLS = {
    EUR: '€',
    USD: '$',
    GBP: '£',
    CHF: 'CHF ',
    JPY: '¥',
};
/** `total_amount_cents` → `total_amount_float` and `formatted_total_amount`. */
function addMoney(row, values) {
    const currency = typeof row.attrs.currency_code === 'string'
        ? row.attrs.currency_code
        : typeof row.internal.currency_code === 'string'
            ? row.internal.currency_code
            : 'EUR';
    for (const [key, value] of Object.entries(row.attrs)) {
        if (!key.endsWith('_amount_cents') || typeof value !== 'number') {
            continue;
        }
        const base = key.slice(0, -'_cents'.length);
        values[`${base}_float`] = value / 100;
        values[`formatted_${base}`] = formatMoney(value, currency);
    }
}
export function formatMoney(cents, currency) {
    const symbol = CURRENCY_SYMBOLS[currency] ?? `${currency} `;
    const amount = (Math.abs(cents) / 100).toFixed(2);
    const [whole = '0', fraction = '00'] = amount.split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, currency === 'EUR' ? '.' : ',');
    const text = currency === 'EUR' ? `${grouped},${fraction}` : `${grouped}.${fraction}`;
    return `${cents < 0 ? '-' : ''}${symbol}${text}`;
}
function text(value) {
    return typeof value === 'string' ? value : '';
}
/** `full_name`, `full_address` and `name` of an address, as Commerce Layer composes them. */
export function addressNames(attrs) {
    const fullName = attrs.business === true
        ? text(attrs.company)
        : [text(attrs.first_name), text(attrs.last_name)].filter(Boolean).join(' ');
    const street = [text(attrs.line_1), text(attrs.line_2)].filter(Boolean).join(', ');
    const state = text(attrs.state_code);
    const place = [text(attrs.zip_code), text(attrs.city), state ? `(${state})` : '']
        .filter(Boolean)
        .join(' ');
    const fullAddress = [street, place, text(attrs.country_code), text(attrs.phone)]
        .filter(Boolean)
        .join(', ');
    return {
        full_name: fullName,
        full_address: fullAddress,
        name: [fullName, fullAddress].filter(Boolean).join(', '),
    };
}
//# sourceMappingURL=hooks.js.map