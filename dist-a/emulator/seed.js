import { base, de, en, es, Faker, fr, it } from '@faker-js/faker';
import { ANONYMIZED_ADDRESS, anonymizedEmail } from "./anonymization.js";
import { isoTime, newId, railsTime, seededRandom } from "./ids.js";
import { hashPassword } from "./passwords.js";
/**
 * Deterministic demo data: the same `seed` gives the same records, ids and timestamps (dates are
 * laid out before {@link SEED_REFERENCE}, never from the wall clock). One transaction with
 * prepared statements: 10,000 customers with their address books, wallets, orders, returns,
 * subscriptions, lists and attachments take a few seconds.
 */
export const SEED_REFERENCE = new Date('2026-11-01T00:00:00.000Z');
const START = new Date('2023-01-01T00:00:00.000Z');
const DAY = 86_400_000;
/** The known password of the customer returned in the summary (and of other seeded ones). */
export const DEMO_PASSWORD = 'Secret-Passw0rd';
const PASSWORDS = [DEMO_PASSWORD, 'commercelayer-42', 'letmein-2026'];
/** Demo passwords are hashed with a lighter scrypt cost (the parameters travel with the hash). */
const SEED_SCRYPT_COST = { N: 1024, r: 8, p: 1 };
const GROUPS = [
    ['VIP', 'vip'],
    ['Wholesale', 'wholesale'],
    ['Employees', 'employees'],
    ['Loyalty Gold', 'loyalty-gold'],
    ['Loyalty Silver', 'loyalty-silver'],
    ['B2B Partners', 'b2b-partners'],
];
const TAGS = [
    'vip',
    'b2b',
    'newsletter',
    'wholesale',
    'loyal',
    'churn-risk',
    'first-order',
    'gift-buyer',
    'eu',
    'us',
    'uk',
    'influencer',
    'returns-often',
    'high-value',
    'subscriber',
    'student',
    'staff',
    'black-friday',
    'abandoned-cart',
    'beta-tester',
];
const MARKETS = [
    { code: 'europe', name: 'Europe', currency: 'EUR', number: 1001 },
    { code: 'usa', name: 'United States', currency: 'USD', number: 1002 },
    { code: 'uk', name: 'United Kingdom', currency: 'GBP', number: 1003 },
];
const ORDER_STATUSES = [
    ['draft', 12],
    ['pending', 10],
    ['editing', 2],
    ['placing', 1],
    ['placed', 25],
    ['approved', 40],
    ['cancelled', 10],
];
const RETURN_STATUSES = [
    'draft',
    'requested',
    'approved',
    'cancelled',
    'shipped',
    'rejected',
    'received',
    'refunded',
];
function pick(random, list) {
    return list[Math.floor(random() * list.length)];
}
function weighted(random, list) {
    const total = list.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = random() * total;
    for (const [value, weight] of list) {
        roll -= weight;
        if (roll < 0) {
            return value;
        }
    }
    return list[list.length - 1][0];
}
function int(random, min, max) {
    return min + Math.floor(random() * (max - min + 1));
}
function uuid(random) {
    let hex = '';
    for (let part = 0; part < 4; part++) {
        hex += Math.floor(random() * 0x100000000)
            .toString(16)
            .padStart(8, '0');
    }
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
const STREETS = {
    IT: [
        'Via Roma',
        'Corso Buenos Aires',
        'Via Garibaldi',
        'Viale Monza',
        'Via Dante',
        'Piazza Duomo',
    ],
    US: ['Main Street', 'Oak Avenue', 'Maple Drive', 'Broadway', 'Sunset Boulevard', 'Elm Street'],
    GB: ['High Street', 'Baker Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Kings Road'],
    DE: ['Hauptstraße', 'Bahnhofstraße', 'Gartenstraße', 'Schillerstraße', 'Lindenallee'],
    FR: ['rue de Rivoli', 'avenue des Champs-Élysées', 'rue de la Paix', 'boulevard Voltaire'],
    ES: ['Calle Mayor', 'Gran Vía', 'Calle de Alcalá', 'Paseo de Gracia', 'Avenida Diagonal'],
};
/** A street line in the country's own order (`Via Roma 12`, `12 Oak Avenue`, `12 rue de Rivoli`). */
function street(random, country) {
    const name = pick(random, STREETS[country] ?? STREETS.US ?? ['Main Street']);
    const number = int(random, 1, 180);
    return country === 'US' || country === 'GB' || country === 'FR'
        ? `${number} ${name}`
        : `${name} ${number}`;
}
/** Drops null attributes: the serializer answers null for what is not stored, and rows stay small. */
function compact(attrs) {
    const result = {};
    for (const key in attrs) {
        if (attrs[key] !== null && attrs[key] !== undefined) {
            result[key] = attrs[key];
        }
    }
    return result;
}
function slugify(text) {
    return text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '');
}
export function seedStore(store, registry, options) {
    if (store.count('customers') > 0) {
        throw new Error('The emulator store already holds customers: seed an empty store');
    }
    const random = seededRandom(options.seed);
    const makeFaker = (locale) => {
        const instance = new Faker({ locale: [locale, en, base] });
        instance.seed(options.seed);
        return instance;
    };
    const fakers = {
        en: makeFaker(en),
        it: makeFaker(it),
        de: makeFaker(de),
        fr: makeFaker(fr),
        es: makeFaker(es),
    };
    const countries = [
        {
            code: 'IT',
            faker: fakers.it,
            cities: [
                ['Milano', 'MI', '20121'],
                ['Roma', 'RM', '00184'],
                ['Firenze', 'FI', '50123'],
                ['Torino', 'TO', '10121'],
            ],
            phone: '+39 02',
            market: 'europe',
            language: 'it',
            taxRate: 0.22,
        },
        {
            code: 'US',
            faker: fakers.en,
            cities: [
                ['New York', 'NY', '10001'],
                ['San Francisco', 'CA', '94103'],
                ['Austin', 'TX', '73301'],
                ['Chicago', 'IL', '60601'],
            ],
            phone: '+1 212',
            market: 'usa',
            language: 'en',
            taxRate: 0.08,
        },
        {
            code: 'GB',
            faker: fakers.en,
            cities: [
                ['London', '', 'SW1A 1AA'],
                ['Manchester', '', 'M1 1AE'],
                ['Edinburgh', '', 'EH1 1YZ'],
            ],
            phone: '+44 20',
            market: 'uk',
            language: 'en',
            taxRate: 0.2,
        },
        {
            code: 'DE',
            faker: fakers.de,
            cities: [
                ['Berlin', 'BE', '10115'],
                ['München', 'BY', '80331'],
                ['Hamburg', 'HH', '20095'],
            ],
            phone: '+49 30',
            market: 'europe',
            language: 'de',
            taxRate: 0.19,
        },
        {
            code: 'FR',
            faker: fakers.fr,
            cities: [
                ['Paris', '', '75001'],
                ['Lyon', '', '69001'],
                ['Marseille', '', '13001'],
            ],
            phone: '+33 1',
            market: 'europe',
            language: 'fr',
            taxRate: 0.2,
        },
        {
            code: 'ES',
            faker: fakers.es,
            cities: [
                ['Madrid', 'M', '28013'],
                ['Barcelona', 'B', '08002'],
                ['Valencia', 'V', '46002'],
            ],
            phone: '+34 91',
            market: 'europe',
            language: 'es',
            taxRate: 0.21,
        },
    ];
    const countryWeights = countries.map((country, index) => [
        country,
        [30, 25, 15, 12, 10, 8][index] ?? 5,
    ]);
    const usedIds = new Set();
    const id = () => {
        let candidate = newId(random);
        while (usedIds.has(candidate)) {
            candidate = newId(random);
        }
        usedIds.add(candidate);
        return candidate;
    };
    const between = (from, to) => new Date(from.getTime() + Math.floor(random() * Math.max(1, to.getTime() - from.getTime())));
    const insert = (type, created, attrs, extra = {}) => {
        const rowId = id();
        store.insert(type, {
            id: rowId,
            created_at: isoTime(created),
            updated_at: isoTime(extra.updated ?? created),
            attrs: compact({ metadata: {}, ...attrs }),
            internal: extra.internal ?? {},
            rels: extra.rels ?? {},
            relTypes: extra.relTypes ?? {},
        });
        return rowId;
    };
    const hashes = new Map();
    const passwordHash = (password) => {
        let hash = hashes.get(password);
        if (!hash) {
            const salt = Buffer.from(Array.from({ length: 16 }, () => Math.floor(random() * 256)));
            hash = hashPassword(password, salt, SEED_SCRYPT_COST);
            hashes.set(password, hash);
        }
        return hash;
    };
    let summaryCustomer;
    store.bulkLoad(() => {
        const setupDate = new Date(START.getTime() - 30 * DAY);
        const groupIds = GROUPS.map(([name, code]) => insert('customer_groups', setupDate, { name, code }));
        const tagIds = TAGS.map((name) => insert('tags', setupDate, { name }));
        const eventTypes = registry
            .all()
            .filter((meta) => meta.relationships.get('events')?.targetType === 'events')
            .map((meta) => meta.type);
        for (const type of eventTypes) {
            for (const action of ['create', 'update', 'destroy']) {
                insert('events', setupDate, { name: `${type}.${action}` }, { internal: { owner_type: type } });
            }
        }
        for (const action of ['anonymization_requested', 'anonymization_completed', 'tagged']) {
            insert('events', setupDate, { name: `customers.${action}` }, { internal: { owner_type: 'customers' } });
        }
        const warehouseAddress = (city, zip, country, state) => insert('addresses', setupDate, {
            business: true,
            company: 'Demo Store Logistics',
            line_1: `${int(random, 1, 99)} Logistics Park`,
            city,
            zip_code: zip,
            state_code: state || null,
            country_code: country,
            phone: '+39 02 1234567',
        });
        const locations = [
            ['Europe Warehouse', 'eu-warehouse', 'Milano', '20121', 'IT', 'MI', 'europe'],
            ['Europe Returns', 'eu-returns', 'Berlin', '10115', 'DE', 'BE', 'europe'],
            ['US East', 'us-east', 'New York', '10001', 'US', 'NY', 'usa'],
            ['US West', 'us-west', 'Los Angeles', '90001', 'US', 'CA', 'usa'],
            ['UK Warehouse', 'uk-warehouse', 'London', 'SW1A 1AA', 'GB', '', 'uk'],
        ];
        const locationsByMarket = new Map();
        locations.forEach(([name, code, city, zip, country, state, market], index) => {
            const locationId = insert('stock_locations', setupDate, {
                number: 2001 + index,
                name,
                code,
                label_format: index % 2 === 0 ? 'PDF' : 'ZPL',
                suppress_etd: false,
            }, { rels: { address: warehouseAddress(city, zip, country, state) } });
            locationsByMarket.set(market, [...(locationsByMarket.get(market) ?? []), locationId]);
        });
        const marketIds = new Map();
        for (const market of MARKETS) {
            marketIds.set(market.code, insert('markets', setupDate, {
                number: market.number,
                name: market.name,
                code: market.code,
                facebook_pixel_id: null,
                checkout_url: `https://checkout.example.com/${market.code}`,
                external_prices_url: null,
                external_order_validation_url: null,
                private: false,
                shipping_cost_cutoff: null,
                disabled_at: null,
                shared_secret: uuid(random).replaceAll('-', ''),
                external_includes: [],
            }, { internal: { stock_location_ids: locationsByMarket.get(market.code) ?? [] } }));
        }
        let orderNumber = 1_000_000;
        let returnNumber = 50_000;
        let subscriptionNumber = 7_000;
        const emails = new Set();
        for (let index = 0; index < options.customers; index++) {
            const country = weighted(random, countryWeights);
            const faker = country.faker;
            const firstName = faker.person.firstName();
            const lastName = faker.person.lastName();
            const created = between(START, new Date(SEED_REFERENCE.getTime() - 7 * DAY));
            const domain = pick(random, [
                'example.com',
                'mail.test',
                'shop.test',
                'inbox.test',
                'demo.test',
            ]);
            let email = `${slugify(firstName)}.${slugify(lastName)}@${domain}`;
            if (emails.has(email)) {
                email = `${slugify(firstName)}.${slugify(lastName)}${index}@${domain}`;
            }
            emails.add(email);
            const hasPassword = index === 0 || random() < 0.15;
            const password = index === 0 ? DEMO_PASSWORD : pick(random, PASSWORDS);
            const market = MARKETS.find((candidate) => candidate.code === country.market) ?? MARKETS[0];
            const metadata = random() < 0.4
                ? {
                    tier: pick(random, ['gold', 'silver', 'bronze']),
                    newsletter: random() < 0.5,
                    source: pick(random, ['web', 'store', 'referral', 'marketplace']),
                    ...(random() < 0.3
                        ? { interests: [pick(random, ['shoes', 'bags', 'outdoor', 'kids'])] }
                        : {}),
                }
                : {};
            const reference = random() < 0.2 ? `CRM-${String(100_000 + index).padStart(7, '0')}` : null;
            // Orders first: status and total_orders_count derive from them.
            const orderCount = weighted(random, [
                [0, 40],
                [1, 25],
                [2, 18],
                [3, 9],
                [4, 5],
                [6, 3],
            ]);
            const customerId = id();
            const anonymization = index === 0
                ? null
                : weighted(random, [
                    [null, 96],
                    ['requested', 1],
                    ['started', 1],
                    ['completed', 1],
                    ['cancelled', 1],
                ]);
            const requestedAt = new Date(Math.max(created.getTime() + DAY, SEED_REFERENCE.getTime() - int(random, 1, 20) * DAY));
            const requester = {
                id: 'qNbjgCkVYO',
                first_name: 'Travis',
                last_name: 'Muller',
                email: 'travis.muller@demo-store.test',
            };
            let anonymizationInfo = null;
            if (anonymization) {
                anonymizationInfo = {
                    status: anonymization,
                    requested_at: railsTime(requestedAt),
                    requester,
                };
                if (anonymization === 'started' || anonymization === 'completed') {
                    anonymizationInfo.started_at = railsTime(new Date(requestedAt.getTime() + DAY));
                }
                if (anonymization === 'completed') {
                    anonymizationInfo.completed_at = railsTime(new Date(requestedAt.getTime() + 1.5 * DAY));
                }
                if (anonymization === 'cancelled') {
                    anonymizationInfo.cancelled_at = railsTime(new Date(requestedAt.getTime() + 3_600_000));
                    anonymizationInfo.cancellation_requester = requester;
                }
            }
            const completed = anonymization === 'completed';
            const finalEmail = completed ? anonymizedEmail(customerId) : email;
            const addressIds = [];
            const addressCount = weighted(random, [
                [0, 25],
                [1, 45],
                [2, 20],
                [3, 10],
            ]);
            const addressCountry = (n) => (n === 0 ? country : weighted(random, countryWeights));
            const customerAddressRows = [];
            for (let n = 0; n < addressCount; n++) {
                const where = addressCountry(n);
                const [city, state, zip] = pick(random, where.cities);
                const business = random() < 0.12;
                const addressCreated = between(created, SEED_REFERENCE);
                const addressId = insert('addresses', addressCreated, {
                    business,
                    first_name: business ? null : n === 0 ? firstName : where.faker.person.firstName(),
                    last_name: business ? null : n === 0 ? lastName : where.faker.person.lastName(),
                    company: business ? where.faker.company.name() : null,
                    line_1: street(random, where.code),
                    line_2: random() < 0.2 ? `Apt ${int(random, 1, 40)}` : null,
                    city,
                    zip_code: zip,
                    state_code: state || null,
                    country_code: where.code,
                    phone: `${where.phone} ${int(random, 1_000_000, 9_999_999)}`,
                    email: random() < 0.3 ? email : null,
                    notes: random() < 0.1
                        ? pick(random, ['Ring twice', 'Leave with the concierge', 'Back door'])
                        : null,
                    lat: null,
                    lng: null,
                    is_localized: false,
                    is_geocoded: false,
                    provider_name: null,
                    map_url: null,
                    static_map_url: null,
                    billing_info: business ? `VAT ${where.code}${int(random, 10_000_000, 99_999_999)}` : null,
                });
                if (completed) {
                    const address = store.get('addresses', addressId);
                    Object.assign(address.attrs, ANONYMIZED_ADDRESS, {
                        company: business ? 'Anonymized' : null,
                    });
                    store.save('addresses', address);
                }
                addressIds.push(addressId);
                customerAddressRows.push([addressId, addressCreated]);
            }
            let placedCount = 0;
            let lastOrderAt = created;
            const orderIds = [];
            for (let n = 0; n < orderCount; n++) {
                const status = weighted(random, ORDER_STATUSES);
                const orderCreated = between(created, SEED_REFERENCE);
                const placed = ['placed', 'approved', 'cancelled'].includes(status)
                    ? new Date(orderCreated.getTime() + int(random, 5, 120) * 60_000)
                    : null;
                if (placed) {
                    placedCount += 1;
                }
                const approved = status === 'approved' && placed
                    ? new Date(placed.getTime() + int(random, 1, 48) * 3_600_000)
                    : null;
                const cancelled = status === 'cancelled' && placed
                    ? new Date(placed.getTime() + int(random, 1, 72) * 3_600_000)
                    : null;
                const skus = int(random, 1, 6);
                const subtotal = int(random, 15, 450) * 100 - (random() < 0.5 ? 1 : 0);
                const shipping = subtotal > 10_000 ? 0 : pick(random, [500, 790, 990]);
                const discount = random() < 0.2 ? -Math.round(subtotal * pick(random, [0.1, 0.15, 0.2])) : 0;
                const taxable = subtotal + shipping + discount;
                const tax = Math.round(taxable - taxable / (1 + country.taxRate));
                const total = taxable;
                const paymentStatus = status === 'draft' || status === 'pending' || status === 'editing'
                    ? 'unpaid'
                    : status === 'placing'
                        ? 'unpaid'
                        : status === 'placed'
                            ? pick(random, ['authorized', 'paid', 'partially_authorized'])
                            : status === 'approved'
                                ? weighted(random, [
                                    ['paid', 80],
                                    ['partially_refunded', 8],
                                    ['refunded', 7],
                                    ['partially_paid', 5],
                                ])
                                : pick(random, ['voided', 'refunded']);
                const fulfillmentStatus = status === 'approved'
                    ? weighted(random, [
                        ['fulfilled', 60],
                        ['in_progress', 25],
                        ['unfulfilled', 10],
                        ['not_required', 5],
                    ])
                    : 'unfulfilled';
                const last = placed ?? orderCreated;
                if (last > lastOrderAt) {
                    lastOrderAt = last;
                }
                orderNumber += int(random, 1, 9);
                const address = addressIds.length > 0 ? pick(random, addressIds) : null;
                const orderId = insert('orders', orderCreated, {
                    number: String(orderNumber),
                    affiliate_code: null,
                    autorefresh: true,
                    place_async: false,
                    status,
                    payment_status: paymentStatus,
                    fulfillment_status: fulfillmentStatus,
                    guest: false,
                    editable: status === 'draft' || status === 'pending' || status === 'editing',
                    customer_email: finalEmail,
                    customer_type: placedCount > 1 ? 'returning' : 'new',
                    language_code: country.language,
                    currency_code: market.currency,
                    tax_included: market.currency !== 'USD',
                    tax_rate: country.taxRate,
                    country_code: country.code,
                    coupon_code: discount < 0 && random() < 0.5
                        ? pick(random, ['WELCOME10', 'BF2025', 'SPRING15'])
                        : null,
                    gift_card_code: null,
                    subtotal_amount_cents: subtotal,
                    shipping_amount_cents: shipping,
                    payment_method_amount_cents: 0,
                    discount_amount_cents: discount,
                    adjustment_amount_cents: 0,
                    gift_card_amount_cents: 0,
                    total_tax_amount_cents: tax,
                    subtotal_tax_amount_cents: Math.round(subtotal - subtotal / (1 + country.taxRate)),
                    total_amount_cents: total,
                    total_amount_with_taxes_cents: market.currency === 'USD' ? total + tax : total,
                    fees_amount_cents: 0,
                    duty_amount_cents: 0,
                    place_total_amount_cents: total,
                    skus_count: skus,
                    line_item_options_count: 0,
                    shipments_count: placed ? 1 : 0,
                    validations_count: 0,
                    errors_count: 0,
                    token: uuid(random).replaceAll('-', ''),
                    placed_at: placed ? isoTime(placed) : null,
                    approved_at: approved ? isoTime(approved) : null,
                    cancelled_at: cancelled ? isoTime(cancelled) : null,
                    payment_updated_at: placed ? isoTime(placed) : null,
                    fulfillment_updated_at: approved ? isoTime(approved) : null,
                    archived_at: null,
                    expires_at: null,
                }, {
                    rels: {
                        market: marketIds.get(market.code) ?? null,
                        customer: customerId,
                        shipping_address: placed ? address : null,
                        billing_address: placed ? address : null,
                    },
                    updated: cancelled ?? approved ?? placed ?? orderCreated,
                });
                orderIds.push({ id: orderId, number: orderNumber, status, placed, total });
            }
            const withPassword = hasPassword && !completed;
            const status = placedCount >= 2 ? 'repeat' : placedCount === 1 ? 'acquired' : 'prospect';
            const updated = anonymization ? requestedAt : lastOrderAt;
            store.insert('customers', {
                id: customerId,
                created_at: isoTime(created),
                updated_at: isoTime(updated),
                attrs: {
                    email: finalEmail,
                    status,
                    total_orders_count: placedCount,
                    shopper_reference: uuid(random),
                    profile_id: uuid(random),
                    tax_exemption_code: !completed && random() < 0.03 ? `EXEMPT-${int(random, 100, 999)}` : null,
                    reference,
                    reference_origin: reference ? pick(random, ['salesforce', 'hubspot', 'erp']) : null,
                    metadata: completed ? {} : metadata,
                    anonymization_status: anonymization,
                    anonymization_info: anonymizationInfo,
                },
                internal: withPassword ? { password_hash: passwordHash(password) } : {},
                rels: { customer_group: random() < 0.3 ? pick(random, groupIds) : null },
                relTypes: {},
            });
            if (index === 0) {
                summaryCustomer = { id: customerId, email: finalEmail, password: DEMO_PASSWORD };
            }
            if (anonymization) {
                // The change log of seeded customers holds their anonymization requests only (the API
                // records every create and update it serves); 10,000 create rows would slow the seed.
                insert('event_stores', requestedAt, {
                    resource_type: 'customers',
                    resource_id: customerId,
                    event: 'update',
                    payload: {
                        anonymization_status: [null, 'requested'],
                        updated_at: [isoTime(lastOrderAt), isoTime(requestedAt)],
                    },
                    who: { application: { id: 'seed', kind: 'integration', public: false }, user: requester },
                });
            }
            const tagCount = weighted(random, [
                [0, 45],
                [1, 25],
                [2, 15],
                [3, 10],
                [5, 5],
            ]);
            const chosen = new Set();
            while (chosen.size < tagCount) {
                chosen.add(pick(random, tagIds));
            }
            if (chosen.size > 0) {
                store.setTags('customers', customerId, [...chosen]);
            }
            for (const [addressId, addressCreated] of customerAddressRows) {
                insert('customer_addresses', addressCreated, { customer_email: finalEmail }, { rels: { customer: customerId, address: addressId } });
            }
            const walletSize = weighted(random, [
                [0, 60],
                [1, 30],
                [2, 10],
            ]);
            for (let n = 0; n < walletSize; n++) {
                const brand = pick(random, ['Visa', 'Mastercard', 'American Express']);
                insert('customer_payment_sources', between(created, SEED_REFERENCE), {
                    name: `${brand} ending in ${int(random, 1000, 9999)}`,
                    customer_token: `cus_${uuid(random).replaceAll('-', '').slice(0, 14)}`,
                    payment_source_token: `pm_${uuid(random).replaceAll('-', '').slice(0, 24)}`,
                }, {
                    rels: { customer: customerId, payment_method: null, payment_source: `${id()}` },
                    relTypes: { payment_source: 'stripe_payments' },
                });
            }
            if (random() < 0.2) {
                insert('customer_subscriptions', between(created, SEED_REFERENCE), {
                    customer_email: finalEmail,
                    reference: pick(random, ['newsletter-weekly', 'back-in-stock', 'product-news']),
                }, { rels: { customer: customerId } });
            }
            for (const order of orderIds) {
                if (order.status !== 'approved' || !order.placed || random() >= 0.2) {
                    continue;
                }
                const status = pick(random, RETURN_STATUSES);
                const at = (hours) => isoTime(new Date(order.placed.getTime() + hours * 3_600_000));
                const reached = (step) => RETURN_STATUSES.indexOf(status) >= RETURN_STATUSES.indexOf(step);
                returnNumber += 1;
                insert('returns', new Date(order.placed.getTime() + 72 * 3_600_000), {
                    number: `${order.number}-R${returnNumber}`,
                    status,
                    customer_email: finalEmail,
                    skus_count: int(random, 1, 2),
                    approved_at: status !== 'draft' &&
                        status !== 'requested' &&
                        status !== 'cancelled' &&
                        status !== 'rejected'
                        ? at(96)
                        : null,
                    cancelled_at: status === 'cancelled' ? at(90) : null,
                    shipped_at: reached('shipped') && status !== 'rejected' ? at(120) : null,
                    rejected_at: status === 'rejected' ? at(96) : null,
                    received_at: status === 'received' || status === 'refunded' ? at(200) : null,
                    refunded_at: status === 'refunded' ? at(240) : null,
                    archived_at: null,
                    estimated_refund_amount_cents: Math.round(order.total * pick(random, [0.25, 0.5, 1])),
                }, {
                    rels: {
                        order: order.id,
                        customer: customerId,
                        stock_location: (locationsByMarket.get(market.code) ?? [])[0] ?? null,
                    },
                    internal: { currency_code: market.currency },
                });
            }
            const firstPlaced = orderIds.find((order) => order.placed);
            if (firstPlaced?.placed && random() < 0.12) {
                const status = pick(random, [
                    'draft',
                    'inactive',
                    'active',
                    'active',
                    'running',
                    'cancelled',
                ]);
                const starts = new Date(firstPlaced.placed.getTime() + DAY);
                const frequency = pick(random, [
                    'weekly',
                    'monthly',
                    'two-month',
                    'three-month',
                    'six-month',
                ]);
                subscriptionNumber += 1;
                insert('order_subscriptions', firstPlaced.placed, {
                    number: String(subscriptionNumber),
                    status,
                    frequency,
                    activate_by_source_order: true,
                    place_target_order: true,
                    renewal_alert_period: 1,
                    customer_email: finalEmail,
                    starts_at: isoTime(starts),
                    expires_at: null,
                    last_run_at: status === 'active' || status === 'running'
                        ? isoTime(new Date(SEED_REFERENCE.getTime() - 10 * DAY))
                        : null,
                    next_run_at: status === 'active' || status === 'running'
                        ? isoTime(new Date(SEED_REFERENCE.getTime() + 20 * DAY))
                        : null,
                    occurrencies: int(random, 0, 12),
                    errors_count: 0,
                    succeeded_on_last_run: status === 'active' || status === 'running' ? true : null,
                    options: {},
                }, {
                    rels: {
                        market: marketIds.get(market.code) ?? null,
                        source_order: firstPlaced.id,
                        customer: customerId,
                        customer_payment_source: null,
                    },
                });
            }
            if (random() < 0.06) {
                const name = pick(random, ['Wishlist', 'Favourites', 'Gift ideas', 'Reorder list']);
                insert('sku_lists', between(created, SEED_REFERENCE), {
                    name,
                    slug: `${slugify(name)}-${customerId.toLowerCase()}`,
                    description: `${firstName}'s ${name.toLowerCase()}`,
                    image_url: null,
                    manual: true,
                    sku_code_regex: null,
                }, { rels: { customer: customerId } });
            }
            if (random() < 0.03) {
                insert('attachments', between(created, SEED_REFERENCE), {
                    name: pick(random, ['Signed contract', 'VAT certificate', 'Tax exemption form']),
                    description: 'Uploaded by the customer care team',
                    url: `https://files.example.com/${customerId}/${int(random, 1000, 9999)}.pdf`,
                }, { rels: { attachable: customerId }, relTypes: { attachable: 'customers' } });
            }
        }
        // Status topics (https://docs.commercelayer.io/core/real-time-webhooks), inserted last so
        // the ids and data drawn before them stay what earlier seeds produced.
        for (const action of ['acquired', 'repeat']) {
            insert('events', setupDate, { name: `customers.${action}` }, { internal: { owner_type: 'customers' } });
        }
    });
    if (!summaryCustomer) {
        throw new Error('Seeding needs at least one customer');
    }
    const recorded = {
        customer: summaryCustomer,
        marketCode: MARKETS[0].code,
        options: { customers: options.customers, seed: options.seed },
    };
    store.setMeta(SEED_META_KEY, recorded);
    return { customer: recorded.customer, marketCode: recorded.marketCode, counts: store.counts() };
}
const SEED_META_KEY = 'seed';
/** The summary recorded by {@link seedStore} in this store, with current counts. */
export function storedSeed(store) {
    const recorded = store.getMeta(SEED_META_KEY);
    if (!recorded) {
        return null;
    }
    return { customer: recorded.customer, marketCode: recorded.marketCode, counts: store.counts() };
}
//# sourceMappingURL=seed.js.map