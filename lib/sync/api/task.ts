/**
 * ADC server-mode `opts` → the pipeline's target, scope and options. The same defaults and
 * labels as the CLI (`managed-by: adc` added, the label selector filled in) so a configuration
 * synced by one and then the other converges; `${VAR}` substitution stays off (the caller sends
 * resolved configuration).
 *
 * @example
 * ```ts
 * const { target, scope, options } = taskToRun(body.task.opts, { allowEmptyPrune: false });
 * await runSync({ mode: 'sync', config: body.task.config, target, scope, options, registry });
 * ```
 */
import type { TlsProfile } from '../../http/types.js';
import { redactUrl } from '../../log/redact.js';
import type { SyncOptions, SyncScope, SyncTarget } from '../types.js';
import { serverList, type TaskOpts } from './schema.js';

interface TaskRun {
  target: SyncTarget;
  scope: SyncScope;
  options: SyncOptions;
}

interface TaskSettings {
  /** `APISYNC_SYNC_API_ALLOW_EMPTY_PRUNE=true`: ADC's exact behaviour, an empty config deletes everything in scope. */
  allowEmptyPrune: boolean;
}

/** The TLS profile the PEM fields and `tlsSkipVerify` select; `undefined` is the default profile. */
function tlsOf(opts: TaskOpts): TlsProfile | undefined {
  if (!opts.caCert && !opts.tlsClientCert && opts.tlsSkipVerify !== true) return undefined;
  const tls: TlsProfile = { rejectUnauthorized: opts.tlsSkipVerify !== true };
  if (opts.caCert) tls.ca = opts.caCert;
  if (opts.tlsClientCert && opts.tlsClientKey) {
    tls.cert = opts.tlsClientCert;
    tls.key = opts.tlsClientKey;
  }
  return tls;
}

/**
 * Maps validated `opts` to what `runSync` takes.
 *
 * @example
 * ```ts
 * taskToRun({ backend: 'apisix', server: ['http://127.0.0.1:9180'], token: 'k' }, { allowEmptyPrune: false }).target.servers;
 * // ['http://127.0.0.1:9180']
 * ```
 */
function taskToRun(opts: TaskOpts, settings: TaskSettings): TaskRun {
  const target: SyncTarget = {
    backend: opts.backend === 'apisix-standalone' ? 'apisix-standalone' : 'apisix',
    servers: serverList(opts.server),
    token: opts.token,
  };
  const tls = tlsOf(opts);
  if (tls) target.tls = tls;
  if (opts.timeout !== undefined) target.timeoutMs = opts.timeout;
  if (opts.cacheKey !== undefined) target.cacheKey = opts.cacheKey;
  if (opts.bypassCache !== undefined) target.bypassCache = opts.bypassCache;
  const scope: SyncScope = {};
  if (opts.labelSelector) scope.labelSelector = opts.labelSelector;
  if (opts.includeResourceType?.length) scope.includeResourceTypes = opts.includeResourceType;
  if (opts.excludeResourceType?.length) scope.excludeResourceTypes = opts.excludeResourceType;
  const options: SyncOptions = {
    prune: 'all',
    refuseEmptyPrune: !settings.allowEmptyPrune,
    managedByLabel: true,
    exitOnFailure: false,
    // `lint: false` is accepted but apisync always validates the structure it maps.
    lint: true,
  };
  return { target, scope, options };
}

/**
 * What the request log names as its target: backend, servers (passwords and secret query
 * parameters removed), cache key and whether mTLS is in use. Never the token or PEM text.
 *
 * @example
 * ```ts
 * describeTarget(run.target); // { backend: 'apisix', servers: ['http://127.0.0.1:9180'], mtls: false }
 * ```
 */
function describeTarget(target: SyncTarget): Record<string, unknown> {
  const out: Record<string, unknown> = {
    backend: target.backend,
    servers: target.servers.map(redactUrl),
    mtls: Boolean(target.tls?.cert),
  };
  if (target.cacheKey !== undefined) out.cacheKey = target.cacheKey.slice(0, 128);
  return out;
}

export type { TaskRun, TaskSettings };
export { describeTarget, taskToRun };
