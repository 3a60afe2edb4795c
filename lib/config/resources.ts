/**
 * The ADC → Admin API mapping: `toResources` yields the exact bodies ADC 0.28's backend-apisix
 * would PUT (see docs/architecture.md, "Admin API mapping"), as flat {@link Resource}s for the
 * differ. Its reverse, `fromResources`, lives in `resources-from.ts` and is re-exported here.
 * Neither direction applies schema defaults.
 *
 * @example
 * ```ts
 * const desired = toResources(config, { apisixVersion: '3.13.0' });
 * const back = fromResources(desired); // toResources(back) deep-equals desired
 * ```
 */
import { createHash } from 'node:crypto';
import { credentialId, namedUpstreamId, routeId, serviceId, sslId, sslName } from './ids.js';
import { setOwn } from './own.js';
import { fromResources } from './resources-from.js';
import type { Resource } from './resources-types.js';
import type {
  AdcConfig,
  AdcConsumer,
  AdcLabels,
  AdcRoute,
  AdcService,
  AdcSsl,
  AdcStreamRoute,
  AdcUpstream,
} from './schema.js';

interface ToResourcesOptions {
  /** Target APISIX version (`3.13.0`); stream routes keep their name in `__ADC_NAME` from 3.8.0. Default: newest. */
  apisixVersion?: string;
}

const LABEL_UPSTREAM_SERVICE = '__ADC_UPSTREAM_SERVICE_ID';
const LABEL_NAME = '__ADC_NAME';
const LABEL_CERT_DIGEST = '__APISYNC_CERT_DIGEST';

type Body = Record<string, unknown>;
/** `encodeLabels`' default `extra`: shared, so that "no labels at all" is one comparison. */
const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** Drops keys holding `undefined` (ADC's `recursiveOmitUndefined`, first level). */
const compact = (body: Body): Body => {
  // A loop, not `Object.fromEntries(Object.entries(…).filter(…))`: it runs once per resource,
  // thousands of times a sync, and the entry arrays were most of its cost.
  const out: Body = {};
  for (const key in body) {
    const value = body[key];
    if (value !== undefined) setOwn(out, key, value);
  }
  return out;
};

/**
 * Labels as APISIX stores them: array values JSON-encoded (ADC behaviour), `undefined` when none.
 *
 * @example
 * ```ts
 * encodeLabels({ team: 'web', envs: ['a', 'b'] }); // { team: 'web', envs: '["a","b"]' }
 * ```
 */
const encodeLabels = (
  labels: AdcLabels | undefined,
  extra: Readonly<Record<string, string>> = NO_LABELS,
): Record<string, string> | undefined => {
  if (labels === undefined && extra === NO_LABELS) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(labels ?? {})) {
    setOwn(out, key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  Object.assign(out, extra);
  return Object.keys(out).length > 0 ? out : undefined;
};

/** Is `version` ≥ `major.minor`? Unknown or unparsable versions count as newest, as in ADC. */
const atLeast = (version: string | undefined, major: number, minor: number): boolean => {
  const match = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) return true;
  const [maj, min] = [Number(match[1]), Number(match[2])];
  return maj > major || (maj === major && min >= minor);
};

/**
 * `__APISYNC_CERT_DIGEST`: first 32 hex characters of SHA-256 over every certificate and key, in
 * order. The Admin API never returns keys, so the differ compares this label to see key rotations.
 *
 * @example
 * ```ts
 * certDigest([{ certificate: certPem, key: keyPem }]).length; // 32
 * ```
 */
const certDigest = (certificates: AdcSsl['certificates']): string => {
  const hash = createHash('sha256');
  for (const c of certificates) hash.update(c.certificate).update('\0').update(c.key).update('\0');
  return hash.digest('hex').slice(0, 32);
};

const upstreamBody = (
  upstream: AdcUpstream & { id?: string },
  extra?: Record<string, string>,
): Body => {
  const { id: _id, description, labels, ...rest } = upstream;
  return compact({ ...rest, desc: description, labels: encodeLabels(labels, extra) });
};

const routeResource = (service: AdcService, serviceId: string, r: AdcRoute): Resource => {
  const value = compact({
    name: r.name,
    desc: r.description,
    labels: encodeLabels(r.labels),
    uris: r.uris,
    hosts: r.hosts,
    methods: r.methods,
    remote_addrs: r.remote_addrs,
    vars: r.vars,
    filter_func: r.filter_func,
    service_id: serviceId,
    enable_websocket: r.enable_websocket,
    plugins: r.plugins,
    priority: r.priority,
    timeout: r.timeout,
    status: 1,
  });
  return { type: 'route', id: routeId(service, r), name: r.name, parentId: serviceId, value };
};

/** APISIX stream routes have no `name`; from 3.8 ADC keeps it in the `__ADC_NAME` label. */
const streamRouteResource = (
  service: AdcService,
  serviceId: string,
  r: AdcStreamRoute,
  keepName: boolean,
): Resource => {
  const value = compact({
    desc: r.description,
    labels: encodeLabels(r.labels, keepName ? { [LABEL_NAME]: r.name } : {}),
    plugins: r.plugins,
    remote_addr: r.remote_addr,
    server_addr: r.server_addr,
    server_port: r.server_port,
    sni: r.sni,
    service_id: serviceId,
  });
  return {
    type: 'stream_route',
    id: routeId(service, r),
    name: r.name,
    parentId: serviceId,
    value,
  };
};

const serviceResources = (service: AdcService, version: string | undefined): Resource[] => {
  const id = serviceId(service);
  const out: Resource[] = [];
  out.push({
    type: 'service',
    id,
    name: service.name,
    value: compact({
      name: service.name,
      desc: service.description,
      labels: encodeLabels(service.labels),
      upstream_id: service.upstream ? id : undefined,
      plugins: service.plugins,
      hosts: service.hosts,
    }),
  });
  if (service.upstream) {
    const value = { ...upstreamBody(service.upstream), name: service.name };
    out.push({ type: 'upstream', id, name: service.name, parentId: id, value });
  }
  for (const up of service.upstreams ?? []) {
    const value = upstreamBody(up, { [LABEL_UPSTREAM_SERVICE]: id });
    out.push({
      type: 'upstream',
      id: namedUpstreamId(service, up),
      name: up.name,
      parentId: id,
      value,
    });
  }
  for (const r of service.routes ?? []) out.push(routeResource(service, id, r));
  const keepName = atLeast(version, 3, 8);
  for (const r of service.stream_routes ?? [])
    out.push(streamRouteResource(service, id, r, keepName));
  return out;
};

const sslResource = (ssl: AdcSsl): Resource => {
  const [first, ...more] = ssl.certificates;
  const value = compact({
    labels: encodeLabels(ssl.labels, { [LABEL_CERT_DIGEST]: certDigest(ssl.certificates) }),
    status: 1,
    type: ssl.type,
    snis: ssl.snis,
    cert: first?.certificate,
    key: first?.key,
    certs: more.length > 0 ? more.map((c) => c.certificate) : undefined,
    keys: more.length > 0 ? more.map((c) => c.key) : undefined,
    client: ssl.client,
    ssl_protocols: ssl.ssl_protocols,
  });
  return { type: 'ssl', id: sslId(ssl), name: sslName(ssl), value };
};

const consumerResources = (consumer: AdcConsumer): Resource[] => {
  const { username } = consumer;
  const out: Resource[] = [
    {
      type: 'consumer',
      id: username,
      name: username,
      value: compact({
        username,
        desc: consumer.description,
        labels: encodeLabels(consumer.labels),
        plugins: consumer.plugins,
      }),
    },
  ];
  for (const c of consumer.credentials ?? []) {
    const value = compact({
      name: c.name,
      desc: c.description,
      labels: encodeLabels(c.labels),
      plugins: { [c.type]: c.config },
    });
    out.push({
      type: 'consumer_credential',
      id: credentialId(consumer, c),
      name: c.name,
      parentId: username,
      value,
    });
  }
  return out;
};

/**
 * Flattens a linted configuration into Admin API resources, in a deterministic order: each
 * service followed by its upstreams and routes, then SSLs, consumers with their credentials,
 * global rules and plugin metadata (each in configuration order). Consumer groups are not
 * mapped: ADC 0.28's APISIX backend ignores them.
 *
 * @example
 * ```ts
 * toResources({ services: [{ name: 'httpbin' }] })[0]?.id; // '1cce0451c1506aebd20dc38421c5cc856493e694'
 * ```
 */
const toResources = (config: AdcConfig, options: ToResourcesOptions = {}): Resource[] => {
  const out: Resource[] = [];
  for (const s of config.services ?? []) out.push(...serviceResources(s, options.apisixVersion));
  for (const s of config.ssls ?? []) out.push(sslResource(s));
  for (const c of config.consumers ?? []) out.push(...consumerResources(c));
  for (const [plugin, conf] of Object.entries(config.global_rules ?? {})) {
    out.push({
      type: 'global_rule',
      id: plugin,
      name: plugin,
      value: { plugins: { [plugin]: conf } },
    });
  }
  for (const [plugin, conf] of Object.entries(config.plugin_metadata ?? {})) {
    out.push({ type: 'plugin_metadata', id: plugin, name: plugin, value: { ...conf } });
  }
  return out;
};

export type { ToResourcesOptions };
export {
  certDigest,
  encodeLabels,
  fromResources,
  LABEL_CERT_DIGEST,
  LABEL_NAME,
  LABEL_UPSTREAM_SERVICE,
  toResources,
};
