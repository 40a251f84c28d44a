/**
 * JSON:API documents as the Core API sends and accepts them, and the two conversions between those
 * documents and the upstream layer's {@link Resource} / {@link WriteBody} vocabulary.
 */
import type { Resource, WriteBody } from './types.ts';

/** `{ type, id }`: a resource identifier object (relationship linkage). */
export interface ResourceIdentifier {
  readonly type: string;
  readonly id: string;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A relationship object. `data` is present only when the relationship was included. */
export interface RelationshipObject {
  readonly data?: ResourceIdentifier | null | readonly ResourceIdentifier[];
  readonly links?: Readonly<Record<string, string | null | undefined>>;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A resource object in `data` or `included`. */
export interface ResourceObject {
  readonly type: string;
  readonly id: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly relationships?: Readonly<Record<string, RelationshipObject>>;
  readonly links?: Readonly<Record<string, string | null | undefined>>;
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A Commerce Layer error object. `status` is a string on the Core API (`"422"`). */
export interface JsonApiError {
  readonly id?: string;
  readonly status?: string;
  readonly code?: string;
  readonly title?: string;
  readonly detail?: string;
  readonly source?: {
    readonly pointer?: string;
    readonly parameter?: string;
    readonly header?: string;
  };
  readonly meta?: Readonly<Record<string, unknown>>;
}

/** A top-level document carrying primary data. */
export interface DataDocument<D> {
  readonly data: D;
  readonly included?: readonly ResourceObject[];
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly links?: Readonly<Record<string, string | null | undefined>>;
}

/** A `GET /api/customers/{id}` (or POST/PATCH) answer. */
export type SingleDocument = DataDocument<ResourceObject | null>;

/** A `GET /api/customers` answer (`meta.record_count`, `meta.page_count`). */
export type CollectionDocument = DataDocument<readonly ResourceObject[]>;

/** A 4xx/5xx answer. */
export interface ErrorDocument {
  readonly errors: readonly JsonApiError[];
}

/** A `POST`/`PATCH` request body. */
export interface WriteDocument {
  readonly data: {
    readonly type: string;
    readonly id?: string;
    readonly attributes?: Readonly<Record<string, unknown>>;
    readonly relationships?: Readonly<
      Record<string, { readonly data: ResourceIdentifier | null | readonly ResourceIdentifier[] }>
    >;
  };
}

/** Thrown by {@link parseDataDocument} when a body is not a JSON:API data document. */
export class MalformedDocumentError extends Error {
  override readonly name = 'MalformedDocumentError';
}

/**
 * Checks that `body` (already JSON-parsed) is a data document whose primary data is one resource
 * object or null (`'single'`) or an array of them (`'collection'`), and that every resource
 * object in `data` and `included` has a string `type` and `id`. Pure.
 *
 * @throws MalformedDocumentError when it is not.
 */
export function parseDataDocument(body: unknown, expected: 'single'): SingleDocument;
export function parseDataDocument(body: unknown, expected: 'collection'): CollectionDocument;
export function parseDataDocument(
  body: unknown,
  expected: 'single' | 'collection',
): SingleDocument | CollectionDocument {
  if (!isObject(body) || !('data' in body)) {
    throw new MalformedDocumentError('the body is not a JSON:API document with `data`');
  }
  const { data, included } = body;
  if (expected === 'collection') {
    if (!Array.isArray(data) || !data.every(isResourceObject)) {
      throw new MalformedDocumentError('`data` is not an array of resource objects');
    }
  } else if (data !== null && !isResourceObject(data)) {
    throw new MalformedDocumentError('`data` is not a resource object or null');
  }
  if (included !== undefined && (!Array.isArray(included) || !included.every(isResourceObject))) {
    throw new MalformedDocumentError('`included` is not an array of resource objects');
  }
  return body as unknown as SingleDocument | CollectionDocument;
}

/**
 * Turns a document into {@link Resource}s, resolving every relationship linkage (`data`) against
 * the document's `data` and `included`. Pure; O(resources + linkages), no recursion.
 *
 * - Only relationships whose `data` key is present appear in `Resource.relationships`
 *   (to-one: a Resource or null; to-many: an array in linkage order).
 * - One type+id is one object: two linkages to the same resource, or a back-reference
 *   (customer → customer_addresses → customer), give the same Resource instance, so include graphs
 *   with cycles are cyclic object graphs (do not `JSON.stringify` them).
 * - A linkage to a resource the document does not carry (not included, or trimmed by
 *   `fields[…]`) resolves to an identifier-only Resource: empty attributes, `linkageOnly: true`.
 * - Attributes and meta are the document's own objects, not copies.
 */
export function denormalize(document: CollectionDocument): Resource[];
export function denormalize(document: SingleDocument): Resource | null;
export function denormalize(
  document: SingleDocument | CollectionDocument,
): Resource[] | Resource | null;
export function denormalize(
  document: SingleDocument | CollectionDocument,
): Resource[] | Resource | null {
  // By type, then id: no `type + id` key string to build and hash for each of the document's
  // resources and linkages (most of what this function allocated).
  const built = new Map<string, Map<string, MutableResource>>();
  const idsOf = (type: string): Map<string, MutableResource> => {
    let ids = built.get(type);
    if (ids === undefined) {
      ids = new Map();
      built.set(type, ids);
    }
    return ids;
  };
  // Resources with relationships to resolve, and their objects, in two parallel arrays.
  const pendingResources: MutableResource[] = [];
  const pendingObjects: ResourceObject[] = [];
  const shell = (object: ResourceObject): MutableResource => {
    const ids = idsOf(object.type);
    const existing = ids.get(object.id);
    if (existing !== undefined) {
      return existing;
    }
    const resource: MutableResource = {
      type: object.type,
      id: object.id,
      attributes: object.attributes ?? {},
      relationships: {},
      meta: object.meta ?? {},
    };
    const self = object.links?.self;
    if (typeof self === 'string') {
      resource.self = self;
    }
    ids.set(object.id, resource);
    pendingResources.push(resource);
    pendingObjects.push(object);
    return resource;
  };
  const primary = Array.isArray(document.data)
    ? (document.data as readonly ResourceObject[]).map(shell)
    : document.data === null
      ? null
      : shell(document.data as ResourceObject);
  const included = document.included;
  if (included !== undefined) {
    for (let index = 0; index < included.length; index += 1) {
      shell(included[index] as ResourceObject);
    }
  }
  const resolve = (identifier: ResourceIdentifier): MutableResource => {
    const ids = idsOf(identifier.type);
    let resource = ids.get(identifier.id);
    if (resource === undefined) {
      resource = {
        type: identifier.type,
        id: identifier.id,
        attributes: {},
        relationships: {},
        meta: {},
        linkageOnly: true,
      };
      ids.set(identifier.id, resource);
    }
    return resource;
  };
  for (let index = 0; index < pendingResources.length; index += 1) {
    const resource = pendingResources[index] as MutableResource;
    const relationships = (pendingObjects[index] as ResourceObject).relationships;
    for (const name in relationships) {
      const relationship = relationships[name];
      if (relationship === null || typeof relationship !== 'object' || !('data' in relationship)) {
        continue;
      }
      const { data } = relationship;
      if (data === null || data === undefined) {
        resource.relationships[name] = null;
      } else if (Array.isArray(data)) {
        const linkages = data as readonly ResourceIdentifier[];
        const related: MutableResource[] = new Array(linkages.length);
        for (let at = 0; at < linkages.length; at += 1) {
          related[at] = resolve(linkages[at] as ResourceIdentifier);
        }
        resource.relationships[name] = related;
      } else {
        resource.relationships[name] = resolve(data as ResourceIdentifier);
      }
    }
  }
  return primary;
}

/**
 * Builds the request document for `POST /api/{type}` (no `id`) or `PATCH /api/{type}/{id}`. Pure.
 * Attributes are sent as given (snake_case, `_add_tags` and friends included); each relationship
 * becomes `{ data: { type, id } }`, `{ data: null }` or `{ data: [...] }`. Absent `attributes` or
 * `relationships` are left out of the document.
 */
export function normalize(type: string, id: string | undefined, body: WriteBody): WriteDocument {
  const relationships =
    body.relationships === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(body.relationships).map(([name, linkage]) => [
            name,
            {
              data:
                linkage === null
                  ? null
                  : Array.isArray(linkage)
                    ? linkage.map(toIdentifier)
                    : toIdentifier(linkage as ResourceIdentifier),
            },
          ]),
        );
  return {
    data: {
      type,
      ...(id === undefined ? {} : { id }),
      ...(body.attributes === undefined ? {} : { attributes: body.attributes }),
      ...(relationships === undefined ? {} : { relationships }),
    },
  };
}

interface MutableResource {
  type: string;
  id: string;
  attributes: Readonly<Record<string, unknown>>;
  relationships: Record<string, Resource | null | readonly Resource[]>;
  self?: string;
  meta: Readonly<Record<string, unknown>>;
  linkageOnly?: true;
}

function toIdentifier(linkage: { readonly type: string; readonly id: string }): ResourceIdentifier {
  return { type: linkage.type, id: linkage.id };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isResourceObject(value: unknown): value is ResourceObject {
  return isObject(value) && typeof value.type === 'string' && typeof value.id === 'string';
}
