/**
 * ADC's upstream schema (inline `service.upstream` and named `service.upstreams[]`).
 * Defaults ADC's zod schema would inject are annotations only (see `schema-common.ts`).
 *
 * @example
 * ```ts
 * upstreamSchema.safeParse({ nodes: [{ host: 'httpbin.org', port: 443, weight: 100 }] }).success; // true
 * ```
 */
import { z } from 'zod';
import {
  always,
  descriptionSchema,
  hostSchema,
  idSchema,
  labelsSchema,
  nameSchema,
  num,
  portSchema,
  type Refinement,
  timeoutSchema,
} from './schema-common.js';

const statusList = (fallback: number[]) =>
  z
    .array(num(z.number().int().min(200).max(599)))
    .min(1)
    .meta({ default: fallback });
const counter = (fallback: number) =>
  num(z.number().int().min(1).max(254)).meta({ default: fallback });
const interval = num(z.number().int().min(1)).meta({ default: 1 });
const checkType = z.enum(['http', 'https', 'tcp']).meta({ default: 'http' });

const healthyShape = {
  http_statuses: statusList([200, 302]).optional(),
  successes: counter(2).optional(),
};
const unhealthyShape = {
  http_statuses: statusList([429, 404, 500, 501, 502, 503, 504, 505]).optional(),
  http_failures: counter(5).optional(),
  tcp_failures: counter(2).optional(),
  timeouts: counter(3).optional(),
};

const activeCheckSchema = z.strictObject({
  type: checkType.optional(),
  timeout: num(z.number()).meta({ default: 1 }).optional(),
  concurrency: num(z.number()).meta({ default: 10 }).optional(),
  host: hostSchema.optional(),
  port: portSchema.optional(),
  http_path: z.string().meta({ default: '/' }).optional(),
  https_verify_certificate: z.boolean().meta({ default: true }).optional(),
  http_request_headers: z.array(z.string()).min(1).optional(),
  healthy: z.strictObject({ ...healthyShape, interval: interval.optional() }).optional(),
  unhealthy: z.strictObject({ ...unhealthyShape, interval: interval.optional() }).optional(),
});

const passiveCheckSchema = z.strictObject({
  type: checkType.optional(),
  healthy: z.strictObject(healthyShape).optional(),
  unhealthy: z.strictObject(unhealthyShape).optional(),
});

const checksSchema = z
  .strictObject({ active: activeCheckSchema.optional(), passive: passiveCheckSchema.optional() })
  .check(
    always((checks, ctx) => {
      if (checks.active === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['active'],
          message: checks.passive
            ? 'Passive health checks must be enabled at the same time as active health checks'
            : 'Health checks need an "active" section',
        });
      }
    }),
  );

const nodeSchema = z.strictObject({
  host: hostSchema,
  port: portSchema,
  weight: num(z.number().int().min(0)),
  priority: num(z.number()).meta({ default: 0 }).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

const tlsSchema = z
  .strictObject({
    client_cert: z.string().optional(),
    client_key: z.string().optional(),
    client_cert_id: z.string().optional(),
    verify: z.boolean().optional(),
  })
  .check(
    always((tls, ctx) => {
      if (tls.client_cert_id !== undefined && (tls.client_cert || tls.client_key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['client_cert_id'],
          message: 'Use either client_cert_id or the client_cert/client_key pair, not both',
        });
      } else if (Boolean(tls.client_cert) !== Boolean(tls.client_key)) {
        ctx.addIssue({
          code: 'custom',
          path: [tls.client_cert ? 'client_key' : 'client_cert'],
          message: 'client_cert and client_key must be set together',
        });
      }
    }),
  );

const upstreamShape = {
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
  labels: labelsSchema.optional(),
  type: z
    .enum(['roundrobin', 'chash', 'least_conn', 'ewma'])
    .meta({ default: 'roundrobin' })
    .optional(),
  hash_on: z.string().optional(),
  key: z.string().optional(),
  checks: checksSchema.optional(),
  nodes: z.array(nodeSchema).optional(),
  scheme: z
    .enum(['grpc', 'grpcs', 'http', 'https', 'tcp', 'tls', 'udp', 'kafka'])
    .meta({ default: 'http' })
    .optional(),
  retries: num(z.number().int().min(0).max(65535)).optional(),
  retry_timeout: num(z.number().min(0)).optional(),
  timeout: timeoutSchema.optional(),
  tls: tlsSchema.optional(),
  keepalive_pool: z
    .strictObject({
      size: num(z.number().int().min(1)).meta({ default: 320 }).optional(),
      idle_timeout: num(z.number().min(0)).meta({ default: 60 }).optional(),
      requests: num(z.number().int().min(1)).meta({ default: 1000 }).optional(),
    })
    .optional(),
  pass_host: z.enum(['pass', 'node', 'rewrite']).meta({ default: 'pass' }).optional(),
  upstream_host: hostSchema.optional(),
  service_name: z.string().optional(),
  discovery_type: z.string().optional(),
  discovery_args: z.record(z.string(), z.unknown()).optional(),
};

/** Nodes XOR (discovery_type + service_name), ADC's rule and APISIX's oneOf. */
const checkTarget: Refinement = (up, ctx) => {
  const hasNodes = up.nodes !== undefined;
  const hasDiscovery = up.discovery_type !== undefined || up.service_name !== undefined;
  if (hasNodes === hasDiscovery || (hasDiscovery && !(up.discovery_type && up.service_name))) {
    ctx.addIssue({
      code: 'custom',
      message:
        'Upstream must either explicitly specify nodes or use service discovery (discovery_type and service_name), and not both',
    });
  }
};

const upstreamSchema = z.strictObject(upstreamShape).check(always(checkTarget));

const namedUpstreamSchema = z
  .strictObject({ ...upstreamShape, id: idSchema.optional(), name: nameSchema })
  .check(always(checkTarget));

export { namedUpstreamSchema, upstreamSchema };
