/**
 * Admin API → ADC (`apisync dump`): the reverse of `toResources`. Internal labels (`__ADC_*`,
 * `__APISYNC_*`) and server fields (`id`, `create_time`, `update_time`) are dropped, `desc`
 * becomes `description`, and ids are kept only when they differ from the derived ones, so
 * `toResources(fromResources(x))` reproduces `x` for everything apisync writes. No defaults
 * are added. Live values are passed through unvalidated: a dump shows what the gateway holds
 * (SSL private keys are never returned by the Admin API, so dumped SSLs have no `key`).
 *
 * @example
 * ```ts
 * const config = fromResources(liveResources);
 * ```
 */
import { credentialId, namedUpstreamId, routeId, serviceId, sha1 } from './ids.js';
import { setOwn } from './own.js';
import type { Resource } from './resources-types.js';
import type {
  AdcConfig,
  AdcConsumer,
  AdcRoute,
  AdcService,
  AdcSsl,
  AdcStreamRoute,
  AdcUpstream,
} from './schema.js';

type Body = Record<string, unknown>;

const SERVER_FIELDS = ['id', 'create_time', 'update_time', 'validity_start', 'validity_end'];
const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, grpc: 80, grpcs: 443 };

const isRecord = (v: unknown): v is Body =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * Live bodies are handed on as the gateway returned them, by design (see the module comment);
 * this is the one place where a checked record is treated as the ADC type it maps to.
 */
const passthrough = <T>(body: Body): T =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)) as T;

const strip = (body: Body, ...keys: string[]): Body => {
  const out: Body = {};
  for (const [k, v] of Object.entries(body))
    if (!SERVER_FIELDS.includes(k) && !keys.includes(k)) setOwn(out, k, v);
  return out;
};

/** User labels only; `undefined` when nothing is left. */
const userLabels = (labels: unknown): Record<string, string> | undefined => {
  if (!isRecord(labels)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) {
    if (!k.startsWith('__ADC_') && !k.startsWith('__APISYNC_') && typeof v === 'string')
      setOwn(out, k, v);
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

/** Hash-style nodes (`"host:port": weight`) become ADC's node list, as ADC's ToADC does. */
const nodesOf = (nodes: unknown, scheme: unknown): unknown => {
  if (!isRecord(nodes)) return nodes;
  return Object.entries(nodes).map(([hostPort, weight]) => {
    const [host, port] = hostPort.split(':');
    return {
      host,
      port: port ? Number.parseInt(port, 10) : (DEFAULT_PORTS[String(scheme)] ?? 80),
      weight,
    };
  });
};

const upstreamOf = (value: Body, dropName: boolean): Body => {
  const base = strip(value, 'desc', 'labels', ...(dropName ? ['name'] : []));
  return {
    ...base,
    ...(base.nodes === undefined ? {} : { nodes: nodesOf(base.nodes, base.scheme) }),
    description: str(value.desc),
    labels: userLabels(value.labels),
  };
};

const customId = (id: string, derived: string): string | undefined =>
  id === derived ? undefined : id;

const routeOf = (r: Resource, service: { name: string }): AdcRoute => {
  const v = strip(r.value, 'desc', 'labels', 'status', 'service_id', 'uri', 'host', 'remote_addr');
  const name = str(r.value.name) ?? r.id;
  return passthrough<AdcRoute>({
    id: customId(r.id, routeId(service, { name })),
    ...v,
    name,
    description: str(r.value.desc),
    labels: userLabels(r.value.labels),
    uris: r.value.uri === undefined ? r.value.uris : [r.value.uri],
    hosts: r.value.host === undefined ? r.value.hosts : [r.value.host],
    remote_addrs: r.value.remote_addr === undefined ? r.value.remote_addrs : [r.value.remote_addr],
  });
};

const streamRouteOf = (r: Resource, service: { name: string }): AdcStreamRoute => {
  const labels = isRecord(r.value.labels) ? r.value.labels : {};
  const name = str(labels.__ADC_NAME) ?? r.id;
  return passthrough<AdcStreamRoute>({
    id: customId(r.id, routeId(service, { name })),
    name,
    ...strip(r.value, 'desc', 'labels', 'service_id'),
    description: str(r.value.desc),
    labels: userLabels(r.value.labels),
  });
};

const serviceOf = (
  s: Resource,
  children: Resource[],
  upstreams: Map<string, Resource>,
): AdcService => {
  const name = str(s.value.name) ?? s.id;
  const upstreamId = str(s.value.upstream_id);
  const inline = upstreamId === undefined ? undefined : upstreams.get(upstreamId);
  const named = children.filter((c) => c.type === 'upstream' && c.id !== upstreamId);
  const routes = children.filter((c) => c.type === 'route');
  const streams = children.filter((c) => c.type === 'stream_route');
  const embedded = isRecord(s.value.upstream) ? upstreamOf(s.value.upstream, true) : undefined;
  return passthrough<AdcService>({
    id: customId(s.id, serviceId({ name })),
    name,
    ...strip(s.value, 'name', 'desc', 'labels', 'upstream_id', 'upstream'),
    description: str(s.value.desc),
    labels: userLabels(s.value.labels),
    upstream: inline ? passthrough<AdcUpstream>(upstreamOf(inline.value, true)) : embedded,
    upstreams: named.length > 0 ? named.map((u) => namedUpstreamOf(u, name)) : undefined,
    routes: routes.length > 0 ? routes.map((r) => routeOf(r, { name })) : undefined,
    stream_routes: streams.length > 0 ? streams.map((r) => streamRouteOf(r, { name })) : undefined,
  });
};

const namedUpstreamOf = (u: Resource, serviceName: string): Body => {
  const name = str(u.value.name) ?? u.id;
  return passthrough({
    id: customId(u.id, namedUpstreamId({ name: serviceName }, { name })),
    ...upstreamOf(u.value, false),
    name,
  });
};

const sslOf = (r: Resource): AdcSsl => {
  const v = r.value;
  const certs = Array.isArray(v.certs) ? v.certs : [];
  const keys = Array.isArray(v.keys) ? v.keys : [];
  const certificates = [
    { certificate: v.cert, key: v.key },
    ...certs.map((certificate, i) => ({ certificate, key: keys[i] })),
  ].map((c) => passthrough(c));
  const snis = v.sni === undefined ? v.snis : [v.sni];
  const derived = Array.isArray(snis) ? sha1(snis.join(',')) : '';
  return passthrough<AdcSsl>({
    id: customId(r.id, derived),
    ...strip(v, 'labels', 'status', 'sni', 'cert', 'key', 'certs', 'keys'),
    labels: userLabels(v.labels),
    snis,
    certificates,
  });
};

const consumerOf = (c: Resource, credentials: Resource[]): AdcConsumer => {
  const username = str(c.value.username) ?? c.id;
  const creds = credentials.flatMap((cr) => {
    const [type, config] =
      Object.entries(isRecord(cr.value.plugins) ? cr.value.plugins : {})[0] ?? [];
    if (type === undefined) return [];
    const name = str(cr.value.name) ?? cr.id;
    return [
      passthrough({
        id: customId(cr.id, credentialId({ username }, { name })),
        name,
        description: str(cr.value.desc),
        labels: userLabels(cr.value.labels),
        type,
        config,
      }),
    ];
  });
  return passthrough<AdcConsumer>({
    username,
    description: str(c.value.desc),
    labels: userLabels(c.value.labels),
    plugins: c.value.plugins,
    credentials: creds.length > 0 ? creds : undefined,
  });
};

/** `s/<service id>` or `c/<username>` for a nested resource, from what the Admin API stores. */
const parentKey = (r: Resource): string | undefined => {
  const labels = isRecord(r.value.labels) ? r.value.labels : {};
  if (r.type === 'upstream') {
    const owner = str(labels.__ADC_UPSTREAM_SERVICE_ID);
    return owner === undefined ? undefined : `s/${owner}`;
  }
  if (r.type === 'route' || r.type === 'stream_route') {
    const owner = str(r.value.service_id);
    return owner === undefined ? undefined : `s/${owner}`;
  }
  return r.type === 'consumer_credential' && r.parentId !== undefined
    ? `c/${r.parentId}`
    : undefined;
};

const byParent = (resources: Resource[]): Map<string, Resource[]> => {
  const map = new Map<string, Resource[]>();
  for (const r of resources) {
    const key = parentKey(r);
    if (key !== undefined) map.set(key, [...(map.get(key) ?? []), r]);
  }
  return map;
};

/**
 * Rebuilds an ADC configuration from Admin API resources (live or desired). Routes and stream
 * routes without a known service are dropped, as in ADC; so are upstreams no service uses.
 *
 * @example
 * ```ts
 * fromResources([{ type: 'global_rule', id: 'cors', name: 'cors', value: { plugins: { cors: {} } } }]);
 * // { global_rules: { cors: {} } }
 * ```
 */
const fromResources = (resources: Resource[]): AdcConfig => {
  const children = byParent(resources);
  const upstreams = new Map(resources.filter((r) => r.type === 'upstream').map((r) => [r.id, r]));
  const of = (type: Resource['type']) => resources.filter((r) => r.type === type);
  const config: AdcConfig = {};
  const services = of('service').map((s) =>
    serviceOf(s, children.get(`s/${s.id}`) ?? [], upstreams),
  );
  if (services.length > 0) config.services = services;
  const ssls = of('ssl').map(sslOf);
  if (ssls.length > 0) config.ssls = ssls;
  const consumers = of('consumer').map((c) =>
    consumerOf(c, children.get(`c/${str(c.value.username) ?? c.id}`) ?? []),
  );
  if (consumers.length > 0) config.consumers = consumers;
  const rules = of('global_rule').flatMap((r) =>
    Object.entries(isRecord(r.value.plugins) ? r.value.plugins : {}),
  );
  if (rules.length > 0) config.global_rules = passthrough(Object.fromEntries(rules));
  const metadata = of('plugin_metadata').map((r) => [r.id, strip(r.value)] as const);
  if (metadata.length > 0) config.plugin_metadata = Object.fromEntries(metadata);
  return config;
};

export { fromResources };
