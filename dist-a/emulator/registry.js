import { readFileSync } from 'node:fs';
/** `customer_password_reset` → `customer_password_resets`, `address` → `addresses`. */
export function pluralize(snake) {
    if (/(s|x|z|ch|sh)$/.test(snake)) {
        return `${snake}es`;
    }
    if (/[^aeiou]y$/.test(snake)) {
        return `${snake.slice(0, -1)}ies`;
    }
    return `${snake}s`;
}
/** `CustomerGroup` → `customer_group`. */
export function snakeCase(className) {
    return className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
function isFieldType(value) {
    return (value === 'string' ||
        value === 'boolean' ||
        value === 'integer' ||
        value === 'float' ||
        value === 'datetime' ||
        value === 'object' ||
        value === 'array');
}
export class Registry {
    #byType = new Map();
    #byClass = new Map();
    constructor(raw) {
        const known = new Set(raw.map((resource) => resource.id));
        for (const resource of raw) {
            const attributes = resource.attributes;
            const fields = new Map();
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
            const relationships = new Map();
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
            const meta = {
                id: resource.id,
                type: pluralize(resource.id),
                className,
                actions: new Set(attributes.actions),
                fields,
                relationships,
                filters: new Set(attributes.filters ?? []),
                filterScopes: attributes.filter_scopes ?? [],
                storedHasOne: [...relationships.values()].filter((rel) => rel.kind === 'has_one' && !rel.virtual && !rel.through),
            };
            this.#byType.set(meta.type, meta);
            this.#byClass.set(className, meta);
        }
    }
    /** Metadata of a JSON:API type, or undefined when the emulator does not serve it. */
    get(type) {
        return this.#byType.get(type);
    }
    /** Like {@link get} but for types the caller knows exist. */
    require(type) {
        const meta = this.#byType.get(type);
        if (!meta) {
            throw new Error(`Unknown resource type ${type}`);
        }
        return meta;
    }
    byClass(className) {
        return this.#byClass.get(className);
    }
    types() {
        return [...this.#byType.keys()];
    }
    all() {
        return [...this.#byType.values()];
    }
}
let shared;
/** The registry built from `data/resources.json` (parsed once per process). */
export function loadRegistry() {
    if (!shared) {
        const text = readFileSync(new URL('./data/resources.json', import.meta.url), 'utf8');
        shared = new Registry(JSON.parse(text));
    }
    return shared;
}
//# sourceMappingURL=registry.js.map