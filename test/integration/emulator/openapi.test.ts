import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type RunningEmulator } from '../../../src/emulator/app.ts';
import { apiFetch, integrationToken } from './support.ts';

/**
 * Emulator responses for customers, customer_groups, customer_addresses and tags validated against
 * Commerce Layer's OpenAPI 7.3.1 (the customers subset of the official
 * https://data.commercelayer.app/schemas/openapi-no-ref.json, kept in test/fixtures/openapi).
 *
 * The file (openapi-generator's re-serialisation) carries no `type` keywords, only `example`,
 * `nullable`, `enum`, `properties` and `items`, so the schemas are adapted before validation:
 * - `properties` → `type: object`, `items` → `type: array`;
 * - a property's type is taken from its `example` (ISO datetimes also get `format: date-time`);
 *   `nullable: false` forbids null, otherwise null is allowed (the 201 responses reuse the request
 *   schemas, which say nothing about nullability);
 * - relationship `data` accepts null, one linkage object or an array of them (the file declares
 *   an object even for to-many relationships), and its `type` enum, singular in 7.3.1
 *   (`customer_group`, a known slip of that spec: the API, the SDK and the primary `type` use the
 *   plural), also accepts the plural;
 * - attributes and relationships are closed (`additionalProperties: false`) so the emulator cannot
 *   invent fields, except for the fields Commerce Layer added after 7.3.1: every fetchable field
 *   and relationship of `src/emulator/data/resources.json` (schema 7.9.16) that 7.3.1 lacks
 *   (profile_id, tax_exemption_code, jwt_custom_claim, anonymization_*, jwt_*, event_stores, …).
 *   Those are allowed with any value: 7.3.1 cannot judge them.
 */

type Schema = Record<string, unknown>;

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const spec = JSON.parse(
  readFileSync(
    path.join(repoRoot, 'test/fixtures/openapi/commercelayer-openapi.customers-subset.v7.3.1.json'),
    'utf8',
  ),
) as {
  paths: Record<string, Record<string, { responses: Record<string, { content?: unknown }> }>>;
  components: { schemas: Record<string, Schema> };
};
const resources = JSON.parse(
  readFileSync(path.join(repoRoot, 'src/emulator/data/resources.json'), 'utf8'),
) as Array<{
  id: string;
  attributes: {
    fields: Record<string, { fetchable?: boolean }>;
    relationships: Record<string, unknown>;
  };
}>;

const SINGULAR: Record<string, string> = {
  customers: 'customer',
  customer_groups: 'customer_group',
  customer_addresses: 'customer_address',
  tags: 'tag',
};

/** Fields and relationships of the 7.9.16 dump, per JSON:API type. */
function newerNames(type: string): { fields: string[]; relationships: string[] } {
  const record = resources.find((resource) => resource.id === SINGULAR[type]);
  if (record === undefined) {
    return { fields: [], relationships: [] };
  }
  return {
    fields: Object.entries(record.attributes.fields)
      .filter(([name, field]) => field.fetchable !== false && name !== 'id')
      .map(([name]) => name),
    relationships: Object.keys(record.attributes.relationships),
  };
}

function pluralize(singular: string): string {
  if (singular.endsWith('s')) {
    return `${singular}es`;
  }
  return singular.endsWith('y') ? `${singular.slice(0, -1)}ies` : `${singular}s`;
}

function resolveRef(schema: Schema, seen: Set<string>): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') {
    return schema;
  }
  const name = ref.replace('#/components/schemas/', '');
  if (seen.has(name)) {
    throw new Error(`cyclic schema ${name}`);
  }
  const target = spec.components.schemas[name];
  if (target === undefined) {
    throw new Error(`unknown schema ${ref}`);
  }
  return resolveRef(target, new Set([...seen, name]));
}

function typeOfExample(example: unknown): Schema {
  if (typeof example === 'string') {
    return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(example)
      ? { type: 'string', format: 'date-time' }
      : { type: 'string' };
  }
  if (typeof example === 'number') {
    return { type: 'number' };
  }
  if (typeof example === 'boolean') {
    return { type: 'boolean' };
  }
  if (Array.isArray(example)) {
    return { type: 'array' };
  }
  if (typeof example === 'object' && example !== null) {
    return { type: 'object' };
  }
  return {};
}

/** Turns one OpenAPI 3 schema of the file into plain JSON Schema (see the file's docblock). */
function adapt(
  input: Schema,
  where: { key?: string; parent?: string; type?: string } = {},
): Schema {
  const schema = resolveRef(input, new Set());
  let out: Schema = {};
  if (schema.enum !== undefined) {
    out.enum = schema.enum;
  }
  if (schema.properties !== undefined) {
    const properties = schema.properties as Record<string, Schema>;
    const typeEnum = (resolveRef(properties.type ?? {}, new Set()).enum ?? []) as string[];
    const resourceType = typeEnum.length === 1 ? typeEnum[0] : where.type;
    out.type = 'object';
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([key, value]) => [
        key,
        adapt(value, { key, parent: where.key, type: resourceType }),
      ]),
    );
    if ((where.key === 'attributes' || where.key === 'relationships') && where.type !== undefined) {
      const newer = newerNames(where.type);
      const extra = where.key === 'attributes' ? newer.fields : newer.relationships;
      const declared = out.properties as Record<string, Schema>;
      for (const name of extra) {
        declared[name] ??= {};
      }
      out.additionalProperties = false;
    }
  } else if (schema.items !== undefined) {
    out.type = 'array';
    out.items = adapt(schema.items as Schema, where);
  } else if (schema.enum === undefined && 'example' in schema) {
    out = { ...out, ...typeOfExample(schema.example) };
  }
  if (where.key === 'type' && where.parent === 'data' && Array.isArray(out.enum)) {
    out.enum = [...out.enum, ...out.enum.map((name) => pluralize(String(name)))];
  }
  if (where.key === 'data' && where.parent !== undefined && where.parent !== 'attributes') {
    // A relationship's linkage: null, one object or (to-many) an array.
    if (out.type === 'object') {
      return { anyOf: [{ type: 'null' }, out, { type: 'array', items: out }] };
    }
  }
  if (schema.nullable === false) {
    if (out.type === undefined && out.enum === undefined) {
      out.not = { type: 'null' };
    }
  } else if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
  } else if (out.enum !== undefined) {
    out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
const validators = new Map<string, ValidateFunction>();

/** The validator of `METHOD template` → `status` in the spec. */
function validatorFor(method: string, template: string, status: string): ValidateFunction {
  const key = `${method} ${template} ${status}`;
  let validate = validators.get(key);
  if (validate === undefined) {
    const content = spec.paths[template]?.[method.toLowerCase()]?.responses[status]?.content as
      | Record<string, { schema: Schema }>
      | undefined;
    const schema = content?.['application/vnd.api+json']?.schema;
    if (schema === undefined) {
      throw new Error(`no response schema for ${key}`);
    }
    validate = ajv.compile(adapt(schema));
    validators.set(key, validate);
  }
  return validate;
}

function problems(validate: ValidateFunction, document: unknown): string[] {
  return validate(document)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

describe('emulator responses against OpenAPI 7.3.1', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await createEmulator({ customers: 12, rateLimit: false });
    token = await integrationToken(emulator);
  });

  afterAll(async () => {
    await emulator.close();
  });

  async function call(
    method: 'GET' | 'POST' | 'PATCH',
    template: string,
    url: string,
    body?: unknown,
  ): Promise<{ status: number; document: { data: Schema & { id: string } } & Schema }> {
    const response = await apiFetch(emulator, token, url, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const document = (await response.json()) as { data: Schema & { id: string } } & Schema;
    const expected = method === 'POST' ? 201 : 200;
    expect(response.status, JSON.stringify(document).slice(0, 500)).toBe(expected);
    expect(problems(validatorFor(method, template, String(expected)), document)).toEqual([]);
    return { status: response.status, document };
  }

  it('rejects a document that breaks the spec (the adapted schemas are not vacuous)', async () => {
    const { document } = await call('GET', '/customers/{customerId}', await firstId('customers'));
    const validate = validatorFor('GET', '/customers/{customerId}', '200');
    const data = document.data as unknown as { attributes: Schema };
    const broken = (attributes: Schema) => ({ data: { ...data, attributes } });
    expect(problems(validate, broken({ ...data.attributes, status: 'vip' }))).not.toEqual([]);
    expect(problems(validate, broken({ ...data.attributes, invented: 1 }))).not.toEqual([]);
    expect(problems(validate, broken({ ...data.attributes, email: null }))).not.toEqual([]);
    expect(problems(validate, broken({ ...data.attributes, created_at: 'yesterday' }))).not.toEqual(
      [],
    );
    expect(problems(validate, broken({ ...data.attributes, has_password: 'yes' }))).not.toEqual([]);
  });

  async function firstId(type: string): Promise<string> {
    const response = await apiFetch(emulator, token, `${type}?page[size]=1`);
    const { data } = (await response.json()) as { data: Array<{ id: string }> };
    return `${type}/${data[0]?.id}`;
  }

  it('customers: list (with include), retrieve, create, update', async () => {
    await call('GET', '/customers', 'customers?page[size]=25&include=customer_group,tags');
    await call('GET', '/customers/{customerId}', await firstId('customers'));
    const { document } = await call('POST', '/customers', 'customers', {
      data: {
        type: 'customers',
        attributes: { email: 'openapi.check@example.com', metadata: { source: 'openapi' } },
      },
    });
    await call('PATCH', '/customers/{customerId}', `customers/${document.data.id}`, {
      data: {
        type: 'customers',
        id: document.data.id,
        attributes: { reference: 'crm-1', _add_tags: 'vip' },
      },
    });
  });

  it('customer_groups: list, retrieve, create, update', async () => {
    await call('GET', '/customer_groups', 'customer_groups');
    await call('GET', '/customer_groups/{customerGroupId}', await firstId('customer_groups'));
    const { document } = await call('POST', '/customer_groups', 'customer_groups', {
      data: { type: 'customer_groups', attributes: { name: 'OpenAPI group', code: 'openapi' } },
    });
    await call(
      'PATCH',
      '/customer_groups/{customerGroupId}',
      `customer_groups/${document.data.id}`,
      { data: { type: 'customer_groups', id: document.data.id, attributes: { name: 'Renamed' } } },
    );
  });

  it('customer_addresses: list, retrieve, create, update', async () => {
    const { document: list } = await call(
      'GET',
      '/customer_addresses',
      'customer_addresses?include=address,customer',
    );
    const [first] = list.data as unknown as Array<{
      relationships: Record<string, { data: { id: string } }>;
    }>;
    const addressId = first?.relationships.address?.data.id;
    const customerId = first?.relationships.customer?.data.id;
    expect(addressId).toBeTruthy();
    await call(
      'GET',
      '/customer_addresses/{customerAddressId}',
      await firstId('customer_addresses'),
    );
    const { document } = await call('POST', '/customer_addresses', 'customer_addresses', {
      data: {
        type: 'customer_addresses',
        relationships: {
          customer: { data: { type: 'customers', id: customerId } },
          address: { data: { type: 'addresses', id: addressId } },
        },
      },
    });
    await call(
      'PATCH',
      '/customer_addresses/{customerAddressId}',
      `customer_addresses/${document.data.id}`,
      {
        data: {
          type: 'customer_addresses',
          id: document.data.id,
          attributes: { reference: 'erp-7' },
        },
      },
    );
  });

  it('tags: list, retrieve, create, update', async () => {
    await call('GET', '/tags', 'tags?page[size]=25');
    await call('GET', '/tags/{tagId}', await firstId('tags'));
    const { document } = await call('POST', '/tags', 'tags', {
      data: { type: 'tags', attributes: { name: 'openapi-check' } },
    });
    await call('PATCH', '/tags/{tagId}', `tags/${document.data.id}`, {
      data: { type: 'tags', id: document.data.id, attributes: { reference: 'x-1' } },
    });
  });
});
