/**
 * Normalisation applied to both sides before comparison. It never mutates its input: it returns
 * a shallow copy whose changed branches are new objects.
 *
 * - server-managed fields (`id`, `create_time`, `update_time`) are dropped at top level;
 * - SSL `key`/`keys` are dropped (the Admin API never returns them; `__APISYNC_CERT_DIGEST` is compared instead);
 * - `labels`: array values become JSON strings (ADC's encoding), `undefined` values go, `{}` ≡ absent;
 * - `plugins: {}` ≡ absent;
 * - upstream `nodes` (also an inline `upstream.nodes`): the `"host:port": weight` map becomes the
 *   array form, and both forms are sorted by host, port, then content, since APISIX gives nodes
 *   no order (a map has none to keep).
 */
import type { ResourceType } from '../config/resources-types.js';

type Body = Record<string, unknown>;

const SERVER_MANAGED = new Set(['id', 'create_time', 'update_time']);
const SSL_SECRETS = new Set(['key', 'keys']);

function isPlainObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function normalizeLabels(labels: unknown): unknown {
  if (!isPlainObject(labels)) {
    return labels;
  }
  const out: Body = {};
  for (const [key, value] of Object.entries(labels)) {
    if (value !== undefined) {
      out[key] = Array.isArray(value) ? JSON.stringify(value) : value;
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** `"10.0.0.1:8080"` → host and port; `"[::1]:80"` keeps the brackets, as APISIX's array form does. */
function nodeFromMapEntry(address: string, weight: unknown): Body {
  const colon = address.lastIndexOf(':');
  const port = colon > 0 ? Number(address.slice(colon + 1)) : Number.NaN;
  const bracketed = address.startsWith('[') ? address.endsWith(']') : false;
  if (colon <= 0 || !Number.isInteger(port) || bracketed) {
    return { host: address, weight };
  }
  return { host: address.slice(0, colon), port, weight };
}

function nodeSortKey(node: unknown): string {
  if (!isPlainObject(node)) {
    return `\u0002${JSON.stringify(node)}`;
  }
  return `${String(node.host)}\u0000${String(node.port ?? '')}\u0001${JSON.stringify(node)}`;
}

function normalizeNodes(nodes: unknown): unknown {
  let list: unknown[];
  if (Array.isArray(nodes)) {
    list = [...nodes];
  } else if (isPlainObject(nodes)) {
    list = Object.entries(nodes).map(([address, weight]) => nodeFromMapEntry(address, weight));
  } else {
    return nodes;
  }
  const keyed = list.map((node) => ({ key: nodeSortKey(node), node }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.node);
}

function normalizeUpstreamBody(upstream: unknown): unknown {
  if (!isPlainObject(upstream) || upstream.nodes === undefined) {
    return upstream;
  }
  return { ...upstream, nodes: normalizeNodes(upstream.nodes) };
}

function normalizeField(type: ResourceType, key: string, value: unknown): unknown {
  switch (key) {
    case 'labels':
      return normalizeLabels(value);
    case 'plugins':
      return isPlainObject(value) && Object.keys(value).length === 0 ? undefined : value;
    case 'nodes':
      return type === 'upstream' ? normalizeNodes(value) : value;
    case 'upstream':
      return type === 'upstream' ? value : normalizeUpstreamBody(value);
    default:
      return value;
  }
}

/**
 * Returns the comparable form of one Admin API body (see the module comment for the rules).
 *
 * @example
 * ```ts
 * normalizeBody('upstream', { id: 'u1', create_time: 1, nodes: { '10.0.0.1:80': 1 } });
 * // { nodes: [{ host: '10.0.0.1', port: 80, weight: 1 }] }
 * ```
 */
function normalizeBody(type: ResourceType, value: Readonly<Body>): Body {
  const out: Body = {};
  for (const [key, raw] of Object.entries(value)) {
    if (raw === undefined || SERVER_MANAGED.has(key)) {
      continue;
    }
    if (type === 'ssl' && SSL_SECRETS.has(key)) {
      continue;
    }
    const normalized = normalizeField(type, key, raw);
    if (normalized !== undefined) {
      out[key] = normalized;
    }
  }
  return out;
}

export type { Body };
export { isPlainObject, normalizeBody };
