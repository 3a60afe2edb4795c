/**
 * Reading the baseline of a set of standalone servers: probe each (HEAD `/configs` from 3.14,
 * GET before), read the document from the freshest (highest `X-Last-Modified`), and note which
 * reachable servers hold something else — a server that missed a write (it was down, or it is
 * new) must be brought level even when the plan is empty, or it would never converge.
 *
 * @example
 * ```ts
 * const { baseline, lagging } = await readFreshest(clients, '3.18.0');
 * ```
 */
import { atLeast } from '../apisix/index.js';
import type { HttpClient, HttpResponse } from '../http/types.js';
import type { Baseline, StandaloneDocument } from './baseline.js';
import { cleanDocument } from './document.js';

const CONFIGS = '/apisix/admin/configs';

/** What identifies a server's state: its digest (3.14+), else its conf_versions (3.13). */
function stateOf(res: HttpResponse | undefined): string | undefined {
  if (!res || res.status >= 300) return undefined;
  const digest = res.headers['x-digest'];
  if (digest !== undefined) return `digest:${digest}`;
  const body = cleanDocument(res.data);
  const versions = Object.keys(body)
    .filter((k) => k.endsWith('_conf_version'))
    .sort()
    .map((k) => `${k}=${String(body[k])}`);
  return versions.length > 0 ? `versions:${versions.join(',')}` : 'digest:';
}

async function readFrom(client: HttpClient, version: string): Promise<Baseline> {
  const res = await client.request({ method: 'GET', path: CONFIGS });
  return { document: cleanDocument(res.data), version };
}

function freshestIndex(probes: (HttpResponse | undefined)[]): number {
  let best = -1;
  let index = 0;
  probes.forEach((p, i) => {
    const modified = Number(p?.headers['x-last-modified'] ?? -1);
    if (p && p.status < 300 && modified > best) {
      best = modified;
      index = i;
    }
  });
  return index;
}

/** The baseline from the freshest server, and the indices of reachable servers that differ. */
async function readFreshest(
  clients: readonly HttpClient[],
  version: string,
): Promise<{ baseline: Baseline; lagging: number[] }> {
  if (clients.length === 1) return { baseline: await readFrom(clients[0]!, version), lagging: [] };
  const method = atLeast(version, '3.14.0') ? 'HEAD' : 'GET';
  const probes = await Promise.all(
    clients.map((c) =>
      c.request({ method, path: CONFIGS, acceptStatus: (s) => s < 500 }).catch(() => undefined),
    ),
  );
  const source = freshestIndex(probes);
  const sourceState = stateOf(probes[source]);
  const lagging = probes.flatMap((p, i) => {
    const state = stateOf(p);
    return state !== undefined && state !== sourceState ? [i] : [];
  });
  return { baseline: await readFrom(clients[source]!, version), lagging };
}

export type { StandaloneDocument };
export { readFreshest, readFrom };
