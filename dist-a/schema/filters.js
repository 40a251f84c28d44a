import { builder } from "../builder.js";
import { badUserInput } from "./errors.js";
/** Longest string a filter accepts (Commerce Layer's own fields are shorter). */
const MAX_FILTER_STRING = 255;
/** Most values an `in` list accepts. */
const MAX_IN_VALUES = 100;
export const StringFilter = builder.inputType('StringFilter', {
    description: 'Conditions on a text field; several conditions must all hold.',
    fields: (t) => ({
        eq: t.string({ description: 'Equal to (exact, case-sensitive).' }),
        in: t.stringList({
            description: `Equal to one of these (at most ${MAX_IN_VALUES}; no commas inside values).`,
        }),
        contains: t.string({ description: 'Contains this text (case-insensitive).' }),
        startsWith: t.string({ description: 'Starts with this text.' }),
        endsWith: t.string({ description: 'Ends with this text.' }),
    }),
});
export const DateTimeFilter = builder.inputType('DateTimeFilter', {
    description: 'A range of date-times; bounds combine.',
    fields: (t) => ({
        gt: t.field({ type: 'DateTime', description: 'Strictly after.' }),
        gte: t.field({ type: 'DateTime', description: 'At or after.' }),
        lt: t.field({ type: 'DateTime', description: 'Strictly before.' }),
        lte: t.field({ type: 'DateTime', description: 'At or before.' }),
    }),
});
export const IntFilter = builder.inputType('IntFilter', {
    description: 'Conditions on a number; bounds combine.',
    fields: (t) => ({
        eq: t.int({ description: 'Equal to.' }),
        gt: t.int({ description: 'Greater than.' }),
        gte: t.int({ description: 'Greater than or equal to.' }),
        lt: t.int({ description: 'Less than.' }),
        lte: t.int({ description: 'Less than or equal to.' }),
    }),
});
export const IdFilter = builder.inputType('IdFilter', {
    description: 'Conditions on a related record id (Relay global ID or Commerce Layer id).',
    fields: (t) => ({
        eq: t.id({ description: 'Equal to this id.' }),
        in: t.idList({ description: `One of these ids (at most ${MAX_IN_VALUES}).` }),
    }),
});
/** GraphQL comparison keys and the Ransack predicates they compile to. */
const COMPARISONS = { eq: 'eq', gt: 'gt', gte: 'gteq', lt: 'lt', lte: 'lteq' };
/** Collects Ransack predicates, checking each value before anything goes upstream. */
export class FilterCompiler {
    predicates = {};
    text(argument, value) {
        if (value.length === 0) {
            throw badUserInput(`\`${argument}\` must not be empty.`, argument);
        }
        if (value.length > MAX_FILTER_STRING) {
            throw badUserInput(`\`${argument}\` is longer than ${MAX_FILTER_STRING} characters.`, argument);
        }
        return value;
    }
    list(argument, values) {
        if (values.length === 0) {
            throw badUserInput(`\`${argument}\` must list at least one value.`, argument);
        }
        if (values.length > MAX_IN_VALUES) {
            throw badUserInput(`\`${argument}\` lists more than ${MAX_IN_VALUES} values.`, argument);
        }
        return values.map((value, i) => {
            const checked = this.text(`${argument}[${i}]`, value);
            if (checked.includes(',')) {
                // Commerce Layer separates list values with commas and has no escape for them.
                throw badUserInput(`\`${argument}[${i}]\` contains a comma, which Commerce Layer cannot filter on.`, argument);
            }
            return checked;
        });
    }
    set(predicate, value) {
        this.predicates[predicate] = value;
    }
    string(attribute, argument, filter) {
        if (!filter) {
            return;
        }
        if (filter.eq != null) {
            this.set(`${attribute}_eq`, this.text(`${argument}.eq`, filter.eq));
        }
        if (filter.in != null) {
            this.set(`${attribute}_in`, this.list(`${argument}.in`, filter.in));
        }
        if (filter.contains != null) {
            this.set(`${attribute}_cont`, this.text(`${argument}.contains`, filter.contains));
        }
        if (filter.startsWith != null) {
            this.set(`${attribute}_start`, this.text(`${argument}.startsWith`, filter.startsWith));
        }
        if (filter.endsWith != null) {
            this.set(`${attribute}_end`, this.text(`${argument}.endsWith`, filter.endsWith));
        }
    }
    dateTime(attribute, argument, filter) {
        if (!filter) {
            return;
        }
        for (const key of ['gt', 'gte', 'lt', 'lte']) {
            const predicate = COMPARISONS[key];
            const value = filter[key];
            if (value != null) {
                if (Number.isNaN(value.getTime())) {
                    throw badUserInput(`\`${argument}.${key}\` is not a valid date-time.`, `${argument}.${key}`);
                }
                this.set(`${attribute}_${predicate}`, value.toISOString());
            }
        }
    }
    int(attribute, argument, filter) {
        if (!filter) {
            return;
        }
        for (const key of ['eq', 'gt', 'gte', 'lt', 'lte']) {
            const predicate = COMPARISONS[key];
            const value = filter[key];
            if (value != null) {
                if (value < 0) {
                    throw badUserInput(`\`${argument}.${key}\` must not be negative.`, `${argument}.${key}`);
                }
                this.set(`${attribute}_${predicate}`, value);
            }
        }
    }
    /** Ids of `typename` records: Relay global IDs are decoded, other strings taken as Commerce Layer ids. */
    ids(attribute, argument, typename, filter) {
        if (!filter) {
            return;
        }
        if (filter.eq != null) {
            this.set(`${attribute}_eq`, rawId(filter.eq, typename, `${argument}.eq`));
        }
        if (filter.in != null) {
            const ids = this.list(`${argument}.in`, filter.in.map(String));
            this.set(`${attribute}_in`, ids.map((id, i) => rawId(id, typename, `${argument}.in[${i}]`)));
        }
    }
}
const COMMERCE_LAYER_ID = /^[A-Za-z0-9]{1,64}$/;
const GLOBAL_ID = /^([A-Z][A-Za-z]*):([A-Za-z0-9]{1,64})$/;
/**
 * The Commerce Layer id behind an id argument: a Relay global ID of `typename` is decoded; a
 * global ID of another type is refused; anything else must look like a Commerce Layer id.
 */
export function rawId(id, typename, argument) {
    const value = String(id);
    const decoded = GLOBAL_ID.exec(Buffer.from(value, 'base64').toString('utf8'));
    if (decoded) {
        if (decoded[1] !== typename) {
            throw badUserInput(`\`${argument}\` is the id of a ${decoded[1]}, not of a ${typename}.`, argument);
        }
        return decoded[2];
    }
    if (!COMMERCE_LAYER_ID.test(value)) {
        throw badUserInput(`\`${argument}\` is not a valid ${typename} id.`, argument);
    }
    return value;
}
/** The type name and Commerce Layer id of a Relay global ID, or undefined when it is not one. */
export function parseGlobalId(value) {
    const decoded = GLOBAL_ID.exec(Buffer.from(value, 'base64').toString('utf8'));
    return decoded ? { typename: decoded[1], id: decoded[2] } : undefined;
}
//# sourceMappingURL=filters.js.map