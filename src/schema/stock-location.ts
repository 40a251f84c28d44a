import { builder } from '../builder.ts';
import type { Resource } from '../upstream/types.ts';
import { Address } from './address.ts';
import { booleanAttribute, commonFields, intAttribute, stringAttribute, toOne } from './fields.ts';

export const StockLocation = builder.node(builder.objectRef<Resource>('StockLocation'), {
  description: 'A place where stock is kept and shipped from.',
  id: { resolve: (resource) => resource.id },
  isTypeOf: (value) => (value as Resource).type === 'stock_locations',
  extensions: { upstreamType: 'stock_locations' },
  fields: (t) => ({
    ...commonFields(t, 'stock location'),
    number: intAttribute(t, 'number', {
      description: 'Unique identifier for the stock location (numeric).',
    }),
    name: stringAttribute(t, 'name', { description: "The stock location's internal name." }),
    code: stringAttribute(t, 'code', {
      description:
        'A string that you can use to identify the stock location (must be unique within the environment).',
    }),
    labelFormat: stringAttribute(t, 'label_format', {
      description:
        "The shipping label format for this stock location. Can be one of 'PDF', 'ZPL', 'EPL2', or 'PNG'.",
    }),
    suppressEtd: booleanAttribute(t, 'suppress_etd', {
      description:
        'Flag it if you want to skip the electronic invoice creation when generating the customs info for this stock location shipments.',
    }),
    address: toOne(t, {
      relationship: 'address',
      type: Address,
      upstreamType: 'addresses',
      description: 'The address of the stock location.',
    }),
  }),
});
