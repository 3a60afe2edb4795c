/**
 * The ADC 0.28 configuration schema (zod 4): strict objects everywhere except plugin configs,
 * every constraint of ADC's `libs/sdk/src/core/schema.ts`, plus uniqueness of the keys IDs derive
 * from. Types come from `z.infer`.
 *
 * @example
 * ```ts
 * const result = adcConfigSchema.safeParse({ services: [{ name: 'httpbin', upstream: { nodes: [] } }] });
 * ```
 */
import { z } from 'zod';
import {
  always,
  certificateKeySchema,
  certificateSchema,
  descriptionSchema,
  hostSchema,
  idSchema,
  labelsSchema,
  nameSchema,
  num,
  pluginSchema,
  pluginsSchema,
} from './schema-common.js';
import {
  checkUniqueNames,
  routeSchema,
  serviceSchema,
  streamRouteSchema,
} from './schema-service.js';
import { type namedUpstreamSchema, upstreamSchema } from './schema-upstream.js';

const CREDENTIAL_TYPES = ['key-auth', 'basic-auth', 'jwt-auth', 'hmac-auth'] as const;

const sslSchema = z.strictObject({
  id: idSchema.optional(),
  labels: labelsSchema.optional(),
  type: z.enum(['server', 'client']).meta({ default: 'server' }).optional(),
  snis: z.array(hostSchema).min(1),
  certificates: z
    .array(z.strictObject({ certificate: certificateSchema, key: certificateKeySchema }))
    .min(1, { error: 'SSL must contain at least one certificate' }),
  client: z
    .strictObject({
      ca: certificateSchema,
      depth: num(z.number().int().min(0)).meta({ default: 1 }).optional(),
      skip_mtls_uri_regex: z.array(z.string()).min(1).optional(),
    })
    .optional(),
  ssl_protocols: z
    .array(z.enum(['TLSv1.1', 'TLSv1.2', 'TLSv1.3']))
    .min(1)
    .optional(),
});

const credentialSchema = z.strictObject({
  id: idSchema.optional(),
  name: nameSchema,
  description: descriptionSchema.optional(),
  labels: labelsSchema.optional(),
  type: z.enum(CREDENTIAL_TYPES, {
    error:
      'Consumer credential only supports "key-auth", "basic-auth", "jwt-auth" and "hmac-auth" types',
  }),
  config: pluginSchema,
});

const consumerSchema = z
  .strictObject({
    username: nameSchema,
    description: descriptionSchema.optional(),
    labels: labelsSchema.optional(),
    plugins: pluginsSchema.optional(),
    credentials: z.array(credentialSchema).optional(),
  })
  .check(always((consumer, ctx) => checkUniqueNames(consumer.credentials, 'credentials', ctx)));

const consumerGroupSchema = z
  .strictObject({
    id: idSchema.optional(),
    name: nameSchema,
    description: descriptionSchema.optional(),
    labels: labelsSchema.optional(),
    plugins: pluginsSchema,
    consumers: z.array(consumerSchema).optional(),
  })
  .check(always((group, ctx) => checkUniqueNames(group.consumers, 'consumers', ctx, 'username')));

/** SSLs are keyed by their SNIs joined with ",", as ADC does; reported like a duplicate name. */
const checkUniqueSnis = (ssls: unknown, ctx: z.RefinementCtx) => {
  if (!Array.isArray(ssls)) return;
  const keyed = ssls.map((ssl: unknown) => {
    const snis = typeof ssl === 'object' && ssl !== null ? Reflect.get(ssl, 'snis') : undefined;
    return { key: Array.isArray(snis) ? snis.join(',') : undefined };
  });
  checkUniqueNames(keyed, 'ssls', ctx, 'key');
};

const adcConfigSchema = z
  .strictObject({
    services: z.array(serviceSchema).optional(),
    ssls: z.array(sslSchema).optional(),
    consumers: z.array(consumerSchema).optional(),
    consumer_groups: z.array(consumerGroupSchema).optional(),
    global_rules: pluginsSchema.optional(),
    plugin_metadata: pluginsSchema.optional(),
  })
  .check(
    always((config, ctx) => {
      checkUniqueNames(config.services, 'services', ctx);
      checkUniqueNames(config.consumers, 'consumers', ctx, 'username');
      checkUniqueNames(config.consumer_groups, 'consumer_groups', ctx);
      checkUniqueSnis(config.ssls, ctx);
    }),
  );

type AdcConfig = z.infer<typeof adcConfigSchema>;
type AdcService = z.infer<typeof serviceSchema>;
type AdcRoute = z.infer<typeof routeSchema>;
type AdcStreamRoute = z.infer<typeof streamRouteSchema>;
type AdcUpstream = z.infer<typeof upstreamSchema>;
type AdcNamedUpstream = z.infer<typeof namedUpstreamSchema>;
type AdcSsl = z.infer<typeof sslSchema>;
type AdcConsumer = z.infer<typeof consumerSchema>;
type AdcCredential = z.infer<typeof credentialSchema>;
type AdcConsumerGroup = z.infer<typeof consumerGroupSchema>;
type AdcLabels = z.infer<typeof labelsSchema>;
type AdcPlugins = z.infer<typeof pluginsSchema>;

/** Top-level keys of an ADC file, in ADC's order. */
const TOP_LEVEL_KEYS = [
  'services',
  'ssls',
  'consumers',
  'consumer_groups',
  'global_rules',
  'plugin_metadata',
] as const;
type TopLevelKey = (typeof TOP_LEVEL_KEYS)[number];

export type {
  AdcConfig,
  AdcConsumer,
  AdcConsumerGroup,
  AdcCredential,
  AdcLabels,
  AdcNamedUpstream,
  AdcPlugins,
  AdcRoute,
  AdcService,
  AdcSsl,
  AdcStreamRoute,
  AdcUpstream,
  TopLevelKey,
};
export {
  adcConfigSchema,
  CREDENTIAL_TYPES,
  consumerSchema,
  credentialSchema,
  routeSchema,
  serviceSchema,
  sslSchema,
  streamRouteSchema,
  TOP_LEVEL_KEYS,
  upstreamSchema,
};
