/**
 * ADC's service schema with its nested routes, stream routes and upstreams.
 *
 * @example
 * ```ts
 * serviceSchema.safeParse({ name: 'httpbin', routes: [{ name: 'get', uris: ['/get'] }] }).success; // true
 * ```
 */
import { z } from 'zod';
import {
  always,
  descriptionSchema,
  hostSchema,
  idSchema,
  labelsSchema,
  METHODS,
  nameSchema,
  num,
  pluginsSchema,
  portSchema,
  timeoutSchema,
} from './schema-common.js';
import { namedUpstreamSchema, upstreamSchema } from './schema-upstream.js';

const routeSchema = z.strictObject({
  id: idSchema.optional(),
  name: nameSchema,
  description: descriptionSchema.optional(),
  labels: labelsSchema.optional(),
  hosts: z.array(hostSchema).optional(),
  uris: z.array(z.string()).min(1),
  priority: num(z.number().int()).optional(),
  timeout: timeoutSchema.optional(),
  vars: z.array(z.unknown()).optional(),
  methods: z.array(z.enum(METHODS)).min(1).optional(),
  enable_websocket: z.boolean().optional(),
  remote_addrs: z
    .array(
      z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
        error: 'Must be an IPv4 or IPv6 address or CIDR',
      }),
    )
    .optional(),
  plugins: pluginsSchema.optional(),
  filter_func: z.string().optional(),
});

const streamRouteSchema = z.strictObject({
  id: idSchema.optional(),
  name: nameSchema,
  description: descriptionSchema.optional(),
  labels: labelsSchema.optional(),
  plugins: pluginsSchema.optional(),
  remote_addr: z.string().optional(),
  server_addr: z.string().optional(),
  server_port: portSchema.optional(),
  sni: hostSchema.optional(),
});

/**
 * Reports every name (or other `key`) used twice in one list: IDs derive from names, so two
 * such resources would collide on one Admin API object.
 *
 * @example
 * ```ts
 * checkUniqueNames(service.routes, 'routes', ctx); // issue at ['routes', 1, 'name'] for a second "get"
 * ```
 */
const checkUniqueNames = (items: unknown, field: string, ctx: z.RefinementCtx, key = 'name') => {
  if (!Array.isArray(items)) return;
  const seen = new Map<string, number>();
  items.forEach((item: unknown, index) => {
    const name = typeof item === 'object' && item !== null ? Reflect.get(item, key) : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) {
      seen.set(name, index);
      return;
    }
    ctx.addIssue({
      code: 'custom',
      path: [field, index, key],
      message: `Duplicate ${key} "${name}" (also at ${field}[${first}]): IDs derive from it`,
      params: { apisync: 'duplicate' },
    });
  });
};

const serviceSchema = z
  .strictObject({
    id: idSchema.optional(),
    name: nameSchema,
    description: descriptionSchema.optional(),
    labels: labelsSchema.optional(),
    upstream: upstreamSchema.optional(),
    upstreams: z.array(namedUpstreamSchema).optional(),
    plugins: pluginsSchema.optional(),
    path_prefix: z.string().optional(),
    strip_path_prefix: z.boolean().optional(),
    hosts: z.array(hostSchema).optional(),
    routes: z.array(routeSchema).optional(),
    stream_routes: z.array(streamRouteSchema).optional(),
  })
  .check(
    always((svc, ctx) => {
      if (svc.routes !== undefined && svc.stream_routes !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['stream_routes'],
          message:
            'HTTP routes and stream routes are mutually exclusive and cannot be in the same service',
        });
      }
      if (typeof svc.path_prefix === 'string' && !svc.path_prefix.startsWith('/')) {
        ctx.addIssue({
          code: 'custom',
          path: ['path_prefix'],
          message: 'Path prefix must start with "/"',
        });
      }
      if (svc.upstreams !== undefined && svc.upstream === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['upstreams'],
          message: 'The default upstream must be set with "upstream" when "upstreams" is set',
        });
      }
      checkUniqueNames(svc.routes, 'routes', ctx);
      checkUniqueNames(svc.stream_routes, 'stream_routes', ctx);
      checkUniqueNames(svc.upstreams, 'upstreams', ctx);
    }),
  );

export { checkUniqueNames, routeSchema, serviceSchema, streamRouteSchema };
