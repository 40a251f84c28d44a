import DataLoader from 'dataloader';
import type { QueryParams, Resource, ResourcePage, UpstreamSession } from '../../upstream/types.ts';
import { type Plan, planKey, toQueryParams } from '../planning/plan.ts';

/** Commerce Layer's largest page: one batch never asks for more ids than one page holds. */
export const MAX_BATCH = 25;

type Related = Resource | null | readonly Resource[];

/**
 * Every upstream read of one GraphQL request goes through here. Created per request (it holds the
 * caller's session and the request's DataLoaders, which must never be shared between callers).
 *
 * - {@link byId}: batches lookups of one type into `filter[q][id_in]` requests of up to 25 ids,
 *   one DataLoader per (type, plan) so each batch carries the include/fields its selection needs.
 * - {@link related}: a relationship of many parents. Planned: one request per 25 parents,
 *   `GET /{parents}?filter[q][id_in]=…&include={rel}`. Unplanned: `GET /{parent}/{id}/{rel}` each.
 * - Resources seen in any answer (included ones too) are remembered, and a lookup that an earlier
 *   answer already covers (same id, every needed field and include present) costs no request.
 */
export class ResourceLoader {
  readonly #session: UpstreamSession;
  readonly planning: boolean;
  readonly #byId = new Map<string, DataLoader<string, Resource | null>>();
  readonly #byUnique = new Map<string, DataLoader<string, Resource | null>>();
  readonly #related = new Map<string, DataLoader<string, Related>>();
  readonly #seen = new Map<string, Resource>();
  /**
   * Plan keys by plan object, for this request: a plan built during the request (`nodes(ids:)`
   * builds one per type) is complete once handed to the loader, and is then asked for once per id.
   */
  readonly #planKeys = new WeakMap<Plan, string>();

  constructor(session: UpstreamSession, planning: boolean) {
    this.#session = session;
    this.planning = planning;
  }

  get session(): UpstreamSession {
    return this.#session;
  }

  /** One resource by id, with what `plan` needs; null when it does not exist. */
  byId(plan: Plan, id: string): Promise<Resource | null> {
    return this.#byIdLoader(plan).load(id);
  }

  /** Several resources of one type, in the order of `ids` (null for absent ones). */
  async manyById(plan: Plan, ids: readonly string[]): Promise<(Resource | null | Error)[]> {
    return this.#byIdLoader(plan).loadMany(ids);
  }

  /**
   * One resource by an attribute that is unique within its type (`email` of customers), with what
   * `plan` needs: batches of up to 25 values per `filter[q][{attribute}_in]` request, matched
   * case-insensitively. Null when none matches.
   */
  byUnique(plan: Plan, attribute: string, value: string): Promise<Resource | null> {
    return this.#byUniqueLoader(plan, attribute).load(value);
  }

  /** A list endpoint (`customers`, `customers/{id}/orders`); remembers what it returns. */
  async list(path: string, query: QueryParams): Promise<ResourcePage> {
    const page = await this.#session.list(path, query);
    const visited = new Set<Resource>();
    for (const resource of page.data) {
      this.remember(resource, visited);
    }
    return page;
  }

  /** One resource by path (`customers/{id}/customer_group`); null on 404. */
  async retrieve(path: string, query: QueryParams = {}): Promise<Resource | null> {
    const resource = await this.#session.retrieve(path, query);
    if (resource) {
      this.remember(resource);
    }
    return resource;
  }

  /**
   * A relationship of `parent`, with `plan` for the related resources. Uses the parent's included
   * data when present; otherwise batches across parents (planning on) or asks the related endpoint.
   */
  related(parent: Resource, relationship: string, plan: Plan, many: boolean): Promise<Related> {
    if (relationship in parent.relationships) {
      return Promise.resolve(parent.relationships[relationship] ?? null);
    }
    return this.#relatedLoader(parent.type, relationship, plan, many).load(parent.id);
  }

  /** Records a resource and everything included under it, for later lookups. */
  remember(resource: Resource, visited = new Set<Resource>()): void {
    if (visited.has(resource)) {
      return;
    }
    visited.add(resource);
    const key = `${resource.type}:${resource.id}`;
    const known = this.#seen.get(key);
    if (!known || covers(resource, known)) {
      this.#seen.set(key, resource);
    }
    const relationships = resource.relationships;
    for (const name in relationships) {
      const value = relationships[name];
      if (Array.isArray(value)) {
        for (const child of value as readonly Resource[]) {
          this.remember(child, visited);
        }
      } else if (value) {
        this.remember(value as Resource, visited);
      }
    }
  }

  /** Drops what is known of a resource (after a write), so the next read asks the upstream. */
  forget(type: string, id: string): void {
    this.#seen.delete(`${type}:${id}`);
    for (const loader of this.#byId.values()) {
      loader.clear(id);
    }
    for (const loader of this.#byUnique.values()) {
      loader.clearAll();
    }
    for (const loader of this.#related.values()) {
      loader.clear(id);
    }
  }

  #keyOf(plan: Plan): string {
    let key = this.#planKeys.get(plan);
    if (key === undefined) {
      key = planKey(plan);
      this.#planKeys.set(plan, key);
    }
    return key;
  }

  #byIdLoader(plan: Plan): DataLoader<string, Resource | null> {
    const key = this.planning ? this.#keyOf(plan) : plan.type;
    let loader = this.#byId.get(key);
    if (!loader) {
      const query = this.planning ? toQueryParams(plan) : {};
      loader = new DataLoader<string, Resource | null>(
        async (ids) => {
          const found = new Map<string, Resource>();
          const missing: string[] = [];
          for (const id of ids) {
            const known = this.#seen.get(`${plan.type}:${id}`);
            if (this.planning && known && satisfies(known, plan)) {
              found.set(id, known);
            } else {
              missing.push(id);
            }
          }
          if (missing.length > 0) {
            const page = await this.list(plan.type, {
              ...query,
              filter: { id_in: missing },
              page: { number: 1, size: missing.length },
            });
            for (const resource of page.data) {
              found.set(resource.id, resource);
            }
          }
          return ids.map((id) => found.get(id) ?? null);
        },
        { maxBatchSize: MAX_BATCH },
      );
      this.#byId.set(key, loader);
    }
    return loader;
  }

  #byUniqueLoader(plan: Plan, attribute: string): DataLoader<string, Resource | null> {
    const key = `${attribute}:${this.planning ? this.#keyOf(plan) : plan.type}`;
    let loader = this.#byUnique.get(key);
    if (!loader) {
      // The attribute itself is read back to match answers to the values asked for.
      const query = this.planning
        ? toQueryParams({ ...plan, fields: new Set([...plan.fields, attribute]) })
        : {};
      const normalized = (value: unknown) => String(value).trim().toLowerCase();
      loader = new DataLoader<string, Resource | null>(
        async (values) => {
          const page = await this.list(plan.type, {
            ...query,
            filter: { [`${attribute}_in`]: [...new Set(values)] },
            page: { number: 1, size: values.length },
          });
          const found = new Map(
            page.data.map((resource) => [normalized(resource.attributes[attribute]), resource]),
          );
          return values.map((value) => found.get(normalized(value)) ?? null);
        },
        { maxBatchSize: MAX_BATCH },
      );
      this.#byUnique.set(key, loader);
    }
    return loader;
  }

  #relatedLoader(
    parentType: string,
    relationship: string,
    plan: Plan,
    many: boolean,
  ): DataLoader<string, Related> {
    const key = `${parentType}.${relationship}:${this.planning ? this.#keyOf(plan) : ''}`;
    let loader = this.#related.get(key);
    if (loader) {
      return loader;
    }
    if (this.planning) {
      const parentPlan: Plan = {
        type: parentType,
        fields: new Set([relationship]),
        includes: new Map([[relationship, plan]]),
      };
      const query = toQueryParams(parentPlan);
      loader = new DataLoader<string, Related>(
        async (ids) => {
          const page = await this.list(parentType, {
            ...query,
            filter: { id_in: [...ids] },
            page: { number: 1, size: ids.length },
          });
          const byParent = new Map(page.data.map((parent) => [parent.id, parent]));
          return ids.map((id) => {
            const parent = byParent.get(id);
            return parent
              ? (parent.relationships[relationship] ?? (many ? [] : null))
              : many
                ? []
                : null;
          });
        },
        { maxBatchSize: MAX_BATCH },
      );
    } else {
      loader = new DataLoader<string, Related>(
        (ids) =>
          Promise.all(
            ids.map(async (id) => {
              const path = `${parentType}/${id}/${relationship}`;
              if (!many) {
                return this.retrieve(path);
              }
              return (await this.list(path, { page: { number: 1, size: MAX_BATCH } })).data;
            }),
          ),
        { batch: false },
      );
    }
    this.#related.set(key, loader);
    return loader;
  }
}

/** Whether `resource` carries every field and include that `plan` asks for. */
export function satisfies(resource: Resource, plan: Plan): boolean {
  for (const field of plan.fields) {
    if (!(field in resource.attributes) && !(field in resource.relationships) && field !== 'id') {
      return false;
    }
  }
  for (const [name, child] of plan.includes) {
    if (!(name in resource.relationships)) {
      return false;
    }
    const value = resource.relationships[name];
    for (const item of Array.isArray(value) ? value : value ? [value] : []) {
      if (!satisfies(item as Resource, child)) {
        return false;
      }
    }
  }
  return true;
}

function covers(candidate: Resource, known: Resource): boolean {
  for (const key in known.attributes) {
    if (!(key in candidate.attributes)) {
      return false;
    }
  }
  for (const key in known.relationships) {
    if (!(key in candidate.relationships)) {
      return false;
    }
  }
  return true;
}
