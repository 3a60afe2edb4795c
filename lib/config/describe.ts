/**
 * Names the resource a field path belongs to (`['services', 0, 'routes', 2, 'uris']` → route
 * "get"), and lists the keys the schema knows at a path, for "did you mean" hints.
 *
 * @example
 * ```ts
 * describeResource({ services: [{ name: 'httpbin' }] }, ['services', 0, 'name']);
 * // { resourceType: 'service', resourceName: 'httpbin' }
 * ```
 */
import { z } from 'zod';
import type { JsonPath } from './parse.js';

interface ResourceRef {
  resourceType?: string;
  resourceName?: string;
}

const field = (value: unknown, key: string | number): unknown => {
  if (typeof value !== 'object' || value === null) return undefined;
  return Reflect.get(value, key);
};

const named = (resourceType: string, item: unknown, key = 'name'): ResourceRef => {
  const name = field(item, key);
  if (key === 'snis' && Array.isArray(name)) return { resourceType, resourceName: name.join(',') };
  return typeof name === 'string' ? { resourceType, resourceName: name } : { resourceType };
};

const NESTED: Record<string, Record<string, [string, string]>> = {
  services: {
    routes: ['route', 'name'],
    stream_routes: ['stream_route', 'name'],
    upstreams: ['upstream', 'name'],
  },
  consumers: { credentials: ['consumer_credential', 'name'] },
  consumer_groups: { consumers: ['consumer', 'username'] },
};
const TOP: Record<string, [string, string]> = {
  services: ['service', 'name'],
  ssls: ['ssl', 'snis'],
  consumers: ['consumer', 'username'],
  consumer_groups: ['consumer_group', 'name'],
};

/**
 * The innermost resource on `path` (type with ADC's names, and its name when readable).
 *
 * @example
 * ```ts
 * describeResource({ global_rules: { cors: {} } }, ['global_rules', 'cors']); // { resourceType: 'global_rule', resourceName: 'cors' }
 * ```
 */
const describeResource = (config: unknown, path: JsonPath): ResourceRef => {
  const [top, index, child, childIndex] = path;
  if (top === 'global_rules' || top === 'plugin_metadata') {
    const resourceType = top === 'global_rules' ? 'global_rule' : 'plugin_metadata';
    return typeof index === 'string' ? { resourceType, resourceName: index } : { resourceType };
  }
  const topMeta = typeof top === 'string' ? TOP[top] : undefined;
  if (!topMeta || typeof index !== 'number') return {};
  const item = field(field(config, top ?? ''), index);
  const nested = typeof child === 'string' ? NESTED[String(top)]?.[child] : undefined;
  if (nested && typeof childIndex === 'number') {
    return named(nested[0], field(field(item, child ?? ''), childIndex), nested[1]);
  }
  if (top === 'services' && child === 'upstream') return named('upstream', item);
  return named(topMeta[0], item, topMeta[1]);
};

/** Strips wrappers (optional, nullable, preprocess pipes) down to the schema that has the shape. */
const unwrap = (schema: z.core.$ZodType): z.core.$ZodType => {
  let current: z.core.$ZodType = schema;
  for (let i = 0; i < 10; i++) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable)
      current = current.unwrap();
    else if (current instanceof z.ZodPipe) current = current.out;
    else break;
  }
  return current;
};

/**
 * The keys a strict object accepts at `path` of `schema` (empty when `path` is not an object).
 *
 * @example
 * ```ts
 * knownKeysAt(adcConfigSchema, ['services', 0, 'upstream']); // ['name', 'description', …, 'discovery_args']
 * ```
 */
const knownKeysAt = (schema: z.core.$ZodType, path: JsonPath): string[] => {
  let current = unwrap(schema);
  for (const segment of path) {
    if (current instanceof z.ZodObject && typeof segment === 'string') {
      const next: unknown = current.shape[segment];
      if (!(next instanceof z.core.$ZodType)) return [];
      current = unwrap(next);
    } else if (current instanceof z.ZodArray && typeof segment === 'number') {
      current = unwrap(current.element);
    } else if (current instanceof z.ZodRecord) {
      current = unwrap(current.valueType);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
};

export type { ResourceRef };
export { describeResource, knownKeysAt };
