import { decodeGlobalID } from '@pothos/plugin-relay';
import { type GraphQLResolveInfo, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../../src/schema/index.ts';
import { relayIdResolverOf } from '../../../src/schema/node.ts';

const nodeTypes = Object.values(schema.getTypeMap()).filter(
  (type) => isObjectType(type) && type.getInterfaces().some((i) => i.name === 'Node'),
);

describe('node ids', () => {
  it('covers every node type', () => {
    expect(nodeTypes.map((type) => type.name)).toEqual(
      expect.arrayContaining(['Customer', 'CustomerAddress', 'Order', 'Tag']),
    );
  });

  it.each(nodeTypes.map((type) => [type.name]))(
    '%s.id is the relay global ID of the resource id, resolved without a promise',
    (name) => {
      const type = schema.getType(name);
      if (!isObjectType(type)) {
        throw new Error(`${name} is not an object type`);
      }
      const resolve = type.getFields().id?.resolve;
      expect(resolve).toBeTypeOf('function');
      const id = resolve?.(
        { type: 'any', id: 'aBcD12', attributes: {}, relationships: {}, meta: {} },
        {},
        {},
        {} as GraphQLResolveInfo,
      );
      expect(id).toBeTypeOf('string');
      expect(decodeGlobalID(id as string)).toEqual({ typename: name, id: 'aBcD12' });
    },
  );

  it.each(nodeTypes.map((type) => [type.name]))(
    '%s.id answers what the relay resolver it replaced answers',
    async (name) => {
      const type = schema.getType(name);
      if (!isObjectType(type)) {
        throw new Error(`${name} is not an object type`);
      }
      const resource = {
        type: 'any',
        id: 'zYx987',
        attributes: { id: 'attr-id', code: 'attr-code', reference: 'attr-reference' },
        relationships: {},
        meta: {},
      };
      const info = {} as GraphQLResolveInfo;
      const relay = relayIdResolverOf(name);
      expect(relay).toBeTypeOf('function');
      expect(await relay?.(resource, {}, {}, info)).toBe(
        type.getFields().id?.resolve?.(resource, {}, {}, info),
      );
    },
  );
});
