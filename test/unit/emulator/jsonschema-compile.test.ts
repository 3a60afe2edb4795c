import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditional,
  type Schema,
  validate,
} from '../../../lib/emulator/apisix-admin/jsonschema.js';
import { compile } from '../../../lib/emulator/apisix-admin/jsonschema-compile.js';
import { pluginRegistry } from '../../../lib/emulator/apisix-admin/plugins/registry.js';
import { coreSchemas } from '../../../lib/emulator/apisix-admin/schemas/index.js';
import { SECRET_SCHEMAS } from '../../../lib/emulator/apisix-admin/schemas/resources.js';
import type { Json } from '../../../lib/emulator/apisix-admin/types.js';
import { interpret } from './jsonschema-oracle.js';

const VERSIONS = ['3.8.0', '3.13.0', '3.14.0', '3.18.0'];
const SCENARIOS = join(import.meta.dirname, '../../fixtures/apisix-transcripts/scenarios.json');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every schema the emulator validates with: core, secret and plugin schemas of each version. */
function rootSchemas(): Schema[] {
  const out = new Set<Schema>(Object.values(SECRET_SCHEMAS));
  for (const version of VERSIONS) {
    for (const schema of Object.values(coreSchemas(version))) out.add(schema);
    const registry = pluginRegistry(version);
    for (const name of registry.names) {
      const def = registry.get(name);
      if (!def) continue;
      out.add(registry.published(def));
      if (def.consumerSchema) out.add(def.consumerSchema);
      if (def.metadataSchema) out.add(def.metadataSchema);
    }
  }
  return [...out];
}

/** Every node of the schema trees (so nested keywords are exercised on their own too). */
function schemaNodes(roots: Schema[]): { nodes: Schema[]; names: string[] } {
  const nodes = new Set<Schema>();
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    if (!isRecord(value) || nodes.has(value as Schema)) return;
    nodes.add(value as Schema);
    if (isRecord(value.properties)) for (const key of Object.keys(value.properties)) names.add(key);
    for (const child of Object.values(value)) walk(child);
  };
  roots.forEach(walk);
  return { nodes: [...nodes], names: [...names] };
}

/** The recorded request bodies and every value inside them, plus schema defaults and enums. */
function seedValues(nodes: Schema[]): Json[] {
  const out: Json[] = [];
  const walk = (value: Json): void => {
    out.push(value);
    if (Array.isArray(value)) value.forEach(walk);
    else if (isRecord(value)) Object.values(value).forEach(walk);
  };
  const scenarios = JSON.parse(readFileSync(SCENARIOS, 'utf8')) as Array<{
    steps: Array<{ body?: Json }>;
  }>;
  for (const step of scenarios.flatMap((s) => s.steps))
    if (step.body !== undefined) walk(step.body);
  for (const node of nodes) {
    if (node.default !== undefined) out.push(node.default);
    for (const candidate of node.enum ?? []) out.push(candidate);
  }
  return out;
}

/** Both validators on their own copy: the message and the value after injection must agree. */
function disagreement(schema: Schema, value: Json, inject: boolean): string | undefined {
  const mine = structuredClone(value);
  const theirs = structuredClone(value);
  const got = validate(schema, mine, inject);
  const want = interpret(schema, theirs, inject);
  if (got !== want) return `message ${String(got)} !== ${String(want)}`;
  const after = JSON.stringify(mine);
  if (after !== JSON.stringify(theirs)) return `injected ${after}`;
  return undefined;
}

function agree(schema: Schema, value: Json, inject: boolean): void {
  expect(disagreement(schema, value, inject)).toBeUndefined();
}

const roots = rootSchemas();
const { nodes, names } = schemaNodes(roots);
const seeds = seedValues(nodes);
const bodies = [...new Map(seeds.filter(isRecord).map((b) => [JSON.stringify(b), b])).values()];

/** One object as both `then` and `else`: the interpreter named that clause "then". */
const SAME: Schema = { required: ['b'] };

type Mutation = { at: number; op: number; key: number; seed: number; text: string; num: number };

/** Replaces, deletes or adds at one position of `value` (a copy), using realistic pieces. */
function mutate(value: Json, m: Mutation): Json {
  const root: Json[] = [structuredClone(value)];
  const slots: Array<[Json[] | Record<string, Json>, string | number]> = [];
  const collect = (container: Json[] | Record<string, Json>, key: string | number): void => {
    slots.push([container, key]);
    const child = (container as Record<string, Json>)[key as string];
    if (Array.isArray(child)) for (let i = 0; i < child.length; i++) collect(child, i);
    else if (isRecord(child))
      for (const k of Object.keys(child)) collect(child as Record<string, Json>, k);
  };
  collect(root, 0);
  const [container, key] = slots[m.at % slots.length] as [Record<string, Json>, string];
  const pieces: Json[] = [seeds[m.seed % seeds.length] as Json, m.text, m.num, true, null, [], {}];
  const piece = structuredClone(pieces[m.op % pieces.length] as Json);
  const target = container[key];
  if (m.op % 9 === 7 && isRecord(target)) delete target[Object.keys(target)[m.key % 7] ?? ''];
  else if (m.op % 9 === 8 && isRecord(target)) target[names[m.key % names.length] ?? 'x'] = piece;
  else if (m.op % 9 === 8 && Array.isArray(target) && target.length > 0)
    target.push(structuredClone(target[0] as Json));
  else container[key] = piece;
  return root[0] as Json;
}

const mutation = fc.record({
  at: fc.nat(),
  op: fc.nat(),
  key: fc.nat(),
  seed: fc.nat(),
  text: fc.oneof(fc.string(), fc.constantFrom('', 'GET', '127.0.0.1', '::1', 'a'.repeat(101))),
  num: fc.oneof(fc.integer({ min: -2, max: 70_000 }), fc.double({ noNaN: true })),
});

describe('compile', () => {
  it('agrees with the interpreter on every schema for every recorded body', () => {
    // Prepare / Act / Assess: every root schema against every recorded object, both modes.
    const found: string[] = [];
    for (const [i, schema] of roots.entries()) {
      for (const body of bodies) {
        for (const inject of [true, false]) {
          const diff = disagreement(schema, body as Json, inject);
          if (diff) found.push(`schema ${i}, ${JSON.stringify(body)}: ${diff}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('agrees with the interpreter on mutated bodies and nested schemas', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        (s, v, mutations, inject) => {
          const useRoot = s % 2 === 0;
          const schema = (useRoot ? roots[s % roots.length] : nodes[s % nodes.length]) as Schema;
          const start = (useRoot ? bodies[v % bodies.length] : seeds[v % seeds.length]) as Json;
          agree(schema, mutations.reduce(mutate, start), inject);
        },
      ),
      { numRuns: 4000, seed: 20_260_611 },
    );
  });

  it.each<[string, Schema, Json]>([
    ['a required name that is empty (the interpreter skipped it)', { required: [''] }, {}],
    [
      'a key inherited from Object.prototype',
      { properties: { a: {} }, additionalProperties: false },
      { toString: 1 },
    ],
    ['a surrogate pair counted as one character', { type: 'string', maxLength: 1 }, '😀'],
    ['a lone surrogate counted as one character', { type: 'string', minLength: 2 }, '\ud800'],
    ['a failed then clause', conditional({ required: ['a'] }, { required: ['b'] }), { a: 1 }],
    ['an else that is the then object', conditional({ required: ['a'] }, SAME, SAME), {}],
    ['a dependent schema', { dependencies: { a: { required: ['b'] } } }, { a: 1 }],
    ['oneOf matching three branches', { oneOf: [{}, { type: 'object' }, {}] }, {}],
    ['an enum of objects', { enum: [{ a: 1 }] }, { a: 1 }],
    ['an enum of scalars against an object', { enum: [1, 'x'] }, { a: 1 }],
  ])('agrees with the interpreter on %s', (_name, schema, value) => {
    agree(schema, value, true);
    agree(schema, value, false);
  });

  it('compiles each schema object once', () => {
    const schema: Schema = { type: 'string' };
    expect(compile(schema)).toBe(compile(schema));
  });

  it('throws for an invalid pattern only when a string reaches it, as the interpreter did', () => {
    const schema: Schema = { type: ['string', 'integer'], pattern: '(' };
    expect(validate(schema, 1, false)).toBeUndefined();
    expect(() => validate(schema, 'x', false)).toThrow(SyntaxError);
  });
});
