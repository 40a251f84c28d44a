import { booleanAttribute, commonFields, floatAttribute, resourceNode, stringAttribute, } from "./fields.js";
export const Address = resourceNode('Address', {
    upstreamType: 'addresses',
    description: 'A postal address with contact details.',
    fields: (t) => ({
        ...commonFields(t, 'address'),
        business: booleanAttribute(t, 'business', {
            description: "Indicates if it's a business or a personal address.",
        }),
        firstName: stringAttribute(t, 'first_name', { description: 'Address first name (personal).' }),
        lastName: stringAttribute(t, 'last_name', { description: 'Address last name (personal).' }),
        company: stringAttribute(t, 'company', { description: 'Address company name (business).' }),
        fullName: stringAttribute(t, 'full_name', {
            description: 'Company name (business) of first name and last name (personal).',
        }),
        line1: stringAttribute(t, 'line_1', {
            nullable: false,
            description: 'Address line 1, i.e. Street address, PO Box.',
        }),
        line2: stringAttribute(t, 'line_2', {
            description: 'Address line 2, i.e. Apartment, Suite, Building.',
        }),
        city: stringAttribute(t, 'city', {
            nullable: false,
            description: 'Address city.',
        }),
        zipCode: stringAttribute(t, 'zip_code', { description: 'ZIP or postal code.' }),
        stateCode: stringAttribute(t, 'state_code', { description: 'State, province or region code.' }),
        countryCode: stringAttribute(t, 'country_code', {
            nullable: false,
            description: 'The international 2-letter country code as defined by the ISO 3166-1 standard.',
        }),
        phone: stringAttribute(t, 'phone', {
            nullable: false,
            description: 'Phone number (including extension).',
        }),
        fullAddress: stringAttribute(t, 'full_address', {
            description: 'Compact description of the address location, without the full name.',
        }),
        name: stringAttribute(t, 'name', {
            description: 'Compact description of the address location, including the full name.',
        }),
        email: stringAttribute(t, 'email', { description: 'Email address.' }),
        notes: stringAttribute(t, 'notes', {
            description: 'A free notes attached to the address. When used as a shipping address, this can be useful to let the customers add specific delivery instructions.',
        }),
        lat: floatAttribute(t, 'lat', {
            description: "The address geocoded latitude. This is automatically generated when creating a shipping/billing address for an order and a valid geocoder is attached to the order's market.",
        }),
        lng: floatAttribute(t, 'lng', {
            description: "The address geocoded longitude. This is automatically generated when creating a shipping/billing address for an order and a valid geocoder is attached to the order's market.",
        }),
        isLocalized: booleanAttribute(t, 'is_localized', {
            description: 'Indicates if the latitude and logitude are present, either geocoded or manually updated.',
        }),
        isGeocoded: booleanAttribute(t, 'is_geocoded', {
            description: 'Indicates if the address has been successfully geocoded.',
        }),
        providerName: stringAttribute(t, 'provider_name', {
            description: 'The geocoder provider name (either Google or Bing).',
        }),
        mapUrl: stringAttribute(t, 'map_url', {
            description: 'The map url of the geocoded address (if geocoded).',
        }),
        staticMapUrl: stringAttribute(t, 'static_map_url', {
            description: 'The static map image url of the geocoded address (if geocoded).',
        }),
        billingInfo: stringAttribute(t, 'billing_info', {
            description: "Customer's billing information (i.e. VAT number, codice fiscale).",
        }),
    }),
});
//# sourceMappingURL=address.js.map