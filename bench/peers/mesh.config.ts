/**
 * GraphQL Mesh's supergraph over Commerce Layer's OpenAPI, as a user would generate it:
 * `@omnigraph/openapi` reads the customers subset of Commerce Layer's OpenAPI 7.3.1
 * (test/fixtures/openapi/, from https://docs.commercelayer.io/core/v/api-reference and the spec
 * Commerce Layer publishes there), `mesh-compose` writes `supergraph.graphql`, Hive Gateway serves it.
 * The upstream URL comes from CL_API_URL (the emulator's `/api`) and the caller's Authorization
 * header is forwarded.
 */
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('CommerceLayer', {
        source: '../../test/fixtures/openapi/commercelayer-openapi.customers-subset.v7.3.1.json',
        endpoint: process.env.CL_API_URL ?? 'http://127.0.0.1:4001/api',
        // The list's page size (Commerce Layer's default is 10); the spec declares no page
        // arguments, so it is set for every request, as Omnigraph's `queryParams` does.
        queryParams: { 'page[size]': 25 },
        operationHeaders: {
          Authorization: '{context.headers.authorization}',
          Accept: 'application/vnd.api+json',
        },
      }),
    },
  ],
  // Relationships wired by hand, Mesh's documented way (`@resolveTo`): the spec types each
  // relationship endpoint's answer as JSON, so a customer's group, tags and addresses are one
  // request each per customer, and the addresses' cities are out of reach of the schema.
  additionalTypeDefs: /* GraphQL */ `
    extend type query_GET_customers_data_items {
      customer_group: JSON
        @resolveTo(
          sourceName: "CommerceLayer"
          sourceTypeName: "Query"
          sourceFieldName: "GET_customerId_customer_group"
          requiredSelectionSet: "{ id }"
          sourceArgs: { customerId: "{root.id}" }
        )
      tags: JSON
        @resolveTo(
          sourceName: "CommerceLayer"
          sourceTypeName: "Query"
          sourceFieldName: "GET_customerId_tags"
          requiredSelectionSet: "{ id }"
          sourceArgs: { customerId: "{root.id}" }
        )
      customer_addresses: JSON
        @resolveTo(
          sourceName: "CommerceLayer"
          sourceTypeName: "Query"
          sourceFieldName: "GET_customerId_customer_addresses"
          requiredSelectionSet: "{ id }"
          sourceArgs: { customerId: "{root.id}" }
        )
    }
  `,
});
