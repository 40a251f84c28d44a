import { readFileSync } from 'node:fs';

/**
 * Resource metadata, read from Commerce Layer's own dump (`data/resources.json`, schema 7.9.16).
 * Every attribute list, relationship and filter the emulator knows comes from here: adding a
 * resource to the dump is enough for it to be listed, retrieved, filtered and included.
 */

export type FieldType =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'float'
  | 'datetime'
  | 'object'
  | 'array';

export interface FieldMeta {
  readonly name: string;
  readonly type: FieldType;
  readonly creatable: boolean;
  readonly updatable: boolean;
  readonly fetchable: boolean;
  readonly filterable: boolean;
  readonly sortable: boolean;
  /** "Cannot be passed by sales channels". */
  readonly prohibited: boolean;
  readonly trigger: boolean;
  readonly required: boolean;
  readonly enum?: readonly string[];
}

export interface RelationshipMeta {
  readonly name: string;
  readonly kind: 'has_one' | 'has_many';
  readonly className: string;
  /** The JSON:API type of the target when the emulator stores it, else undefined. */
  readonly targetType: string | undefined;
  readonly creatable: boolean;
  readonly updatable: boolean;
  readonly filterable: boolean;
  readonly virtual: boolean;
  readonly includable: boolean;
  readonly prohibited: boolean;
  readonly polymorphic: boolean;
  readonly required: boolean;
  /** `through` relationships (e.g. order_subscription.subscription_model) are not stored. */
  readonly through: boolean;
}

export interface ResourceMeta {
  /** Singular snake id, e.g. `customer_group`. */
  readonly id: string;
  /** JSON:API type, e.g. `customer_groups`. */
  readonly type: string;
  readonly className: string;
  readonly actions: ReadonlySet<string>;
  readonly fields: ReadonlyMap<string, FieldMeta>;
  readonly relationships: ReadonlyMap<string, RelationshipMeta>;
  readonly filters: ReadonlySet<string>;
  readonly filterScopes: readonly string[];
  /** Non-virtual has_one relationships: stored as `<name>_id` (+ `<name>_type` if polymorphic). */
  readonly storedHasOne: readonly RelationshipMeta[];
}

interface RawField {
  type?: string;
  required?: string;
  creatable?: boolean;
  updatable?: boolean;
  fetchable?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  prohibited?: boolean;
  trigger?: boolean;
  enum?: string[];
}

interface RawRelationship extends RawField {
  class_name: string;
  virtual?: boolean;
  includable?: boolean;
  polymorphic?: boolean;
  through?: boolean;
}

interface RawResource {
  id: string;
  attributes: {
    actions: string[];
    filter_scopes?: string[];
    fields: Record<string, RawField>;
    relationships?: Record<string, RawRelationship>;
    filters?: string[];
  };
}

/** `customer_password_reset` → `customer_password_resets`, `address` → `addresses`. */
export function pluralize(snake: string): string {
  if (/(s|x|z|ch|sh)$/.test(snake)) {
    return `${snake}es`;
  }
  if (/[^aeiou]y$/.test(snake)) {
    return `${snake.slice(0, -1)}ies`;
  }
  return `${snake}s`;
}

/** `CustomerGroup` → `customer_group`. */
export function snakeCase(className: string): string {
  return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

function isFieldType(value: string | undefined): value is FieldType {
  return (
    value === 'string' ||
    value === 'boolean' ||
    value === 'integer' ||
    value === 'float' ||
    value === 'datetime' ||
    value === 'object' ||
    value === 'array'
  );
}

export class Registry {
  readonly #byType = new Map<string, ResourceMeta>();
  readonly #byClass = new Map<string, ResourceMeta>();

  constructor(raw: readonly RawResource[]) {
    const known = new Set(raw.map((resource) => resource.id));
    for (const resource of raw) {
      const attributes = resource.attributes;
      const fields = new Map<string, FieldMeta>();
      for (const [name, field] of Object.entries(attributes.fields)) {
        fields.set(name, {
          name,
          type: isFieldType(field.type) ? field.type : 'string',
          creatable: field.creatable === true,
          updatable: field.updatable === true,
          fetchable: field.fetchable === true,
          filterable: field.filterable === true,
          sortable: field.sortable === true,
          prohibited: field.prohibited === true,
          trigger: field.trigger === true,
          required: typeof field.required === 'string' && field.required.startsWith('required'),
          ...(field.enum ? { enum: field.enum } : {}),
        });
      }
      const relationships = new Map<string, RelationshipMeta>();
      for (const [name, rel] of Object.entries(attributes.relationships ?? {})) {
        const targetId = snakeCase(rel.class_name);
        relationships.set(name, {
          name,
          kind: rel.type === 'has_many' ? 'has_many' : 'has_one',
          className: rel.class_name,
          targetType: known.has(targetId) ? pluralize(targetId) : undefined,
          creatable: rel.creatable === true,
          updatable: rel.updatable === true,
          filterable: rel.filterable === true,
          virtual: rel.virtual === true,
          includable: rel.includable !== false,
          prohibited: rel.prohibited === true,
          polymorphic: rel.polymorphic === true,
          required: typeof rel.required === 'string' && rel.required.startsWith('required'),
          through: rel.through === true,
        });
      }
      const className = resource.id
        .split('_')
        .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
        .join('');
      const meta: ResourceMeta = {
        id: resource.id,
        type: pluralize(resource.id),
        className,
        actions: new Set(attributes.actions),
        fields,
        relationships,
        filters: new Set(attributes.filters ?? []),
        filterScopes: attributes.filter_scopes ?? [],
        storedHasOne: [...relationships.values()].filter(
          (rel) => rel.kind === 'has_one' && !rel.virtual && !rel.through,
        ),
      };
      this.#byType.set(meta.type, meta);
      this.#byClass.set(className, meta);
    }
  }

  /** Metadata of a JSON:API type, or undefined when the emulator does not serve it. */
  get(type: string): ResourceMeta | undefined {
    return this.#byType.get(type);
  }

  /** Like {@link get} but for types the caller knows exist. */
  require(type: string): ResourceMeta {
    const meta = this.#byType.get(type);
    if (!meta) {
      throw new Error(`Unknown resource type ${type}`);
    }
    return meta;
  }

  byClass(className: string): ResourceMeta | undefined {
    return this.#byClass.get(className);
  }

  types(): string[] {
    return [...this.#byType.keys()];
  }

  all(): ResourceMeta[] {
    return [...this.#byType.values()];
  }
}

let shared: Registry | undefined;

/** The registry built from `data/resources.json` (parsed once per process). */
export function loadRegistry(): Registry {
  if (!shared) {
    const text = readFileSync(new URL('./data/resources.json', import.meta.url), 'utf8');
    shared = new Registry(JSON.parse(text) as RawResource[]);
  }
  return shared;
}
