/**
 * One target's reconcile: resolve its secrets → read the source at one commit → `runSync`
 * (load → lint → dump → diff → guard → apply) → report.
 *
 * Safety rules (peers.md (c) 18: Argo CD users lost environments to mass prunes during a git
 * outage): when the source cannot be read or the configuration does not lint, `runSync` is
 * never reached or stops before the dump, so nothing at all is written; an empty desired set
 * and too many deletes are refused by the guard while creates and updates still apply.
 *
 * @example
 * ```ts
 * const report = await reconcileTarget({ target, trigger, registry, resolver, logger });
 * ```
 */
import { subtractCounters } from '../http/counters.js';
import type { AgentRegistry } from '../http/registry.js';
import type { TlsProfile } from '../http/types.js';
import type { Logger } from '../log/types.js';
import { withFreshSecret } from '../secrets/fresh.js';
import type { SecretResolver } from '../secrets/resolver.js';
import { readSource, resolveRef } from '../source/index.js';
import type { SourceDeps, SourceSnapshot, SourceSpec } from '../source/types.js';
import type { Target } from '../targets/types.js';
import { type RunContext, reportFromError, reportFromSync } from './reconcile-outcome.js';
import type { ReconcileTrigger, TargetReport, TargetTrigger } from './reconcile-types.js';
import { runSync } from './run.js';
import type { Report, SyncOptions, SyncTarget } from './types.js';

/** Reconcile's default delete threshold: the larger of 20 and 10 % of the live resources. */
const DEFAULT_MAX_DELETES = { floor: 20, percentOfLive: 10 } as const;

interface TargetRunInput {
  target: Target;
  trigger: ReconcileTrigger;
  registry: AgentRegistry;
  resolver: SecretResolver;
  logger?: Logger;
  sourceDeps?: Omit<SourceDeps, 'agents' | 'token' | 'logger'>;
  now?: () => number;
}

/** Resolves a reference and remembers the value so it can be masked in any message. */
async function reveal(
  resolver: SecretResolver,
  ref: string | undefined,
  seen: string[],
): Promise<string | undefined> {
  if (ref === undefined) return undefined;
  const value = await resolver.resolve(ref);
  seen.push(value);
  return value;
}

async function resolveTls(
  target: Target,
  resolver: SecretResolver,
  seen: string[],
): Promise<TlsProfile | undefined> {
  const tls = target.tls;
  if (!tls) return undefined;
  const profile: TlsProfile = { rejectUnauthorized: !tls.skipVerify };
  const [ca, cert, key] = [
    await reveal(resolver, tls.ca, seen),
    await reveal(resolver, tls.clientCert, seen),
    await reveal(resolver, tls.clientKey, seen),
  ];
  if (ca !== undefined) profile.ca = ca;
  if (cert !== undefined) profile.cert = cert;
  if (key !== undefined) profile.key = key;
  if (tls.servername !== undefined) profile.servername = tls.servername;
  return profile;
}

/** The target's source without its token reference (the token travels in `deps`). */
function specOf(target: Target): SourceSpec {
  const s = target.source;
  if (s.type === 'local') return { type: 'local', path: s.path, paths: s.paths };
  return { type: s.type, url: s.url, ref: s.ref, paths: s.paths };
}

function requestedSource(target: Target, at: TargetTrigger | undefined): TargetReport['source'] {
  const s = target.source;
  const ref = at?.pin && at.ref !== undefined ? at.ref : s.type === 'local' ? undefined : s.ref;
  return {
    type: s.type,
    ...(ref === undefined ? {} : { ref }),
    ...(at?.sha === undefined ? {} : { sha: at.sha }),
  };
}

/**
 * The commit to read: the trigger's `sha` while it is still the branch head (or when pinned),
 * otherwise the head. Webhook deliveries are signed but carry no timestamp, and our delivery
 * cache lives per Lambda environment, so a replayed or late push must not roll back.
 */
async function commitToRead(
  spec: SourceSpec,
  at: TargetTrigger | undefined,
  deps: SourceDeps,
): Promise<{ sha?: string; superseded?: string }> {
  // A local directory has no commits: a webhook's git sha says nothing about it.
  if (spec.type === 'local') return {};
  if (at?.sha === undefined || at.pin) return { sha: at?.sha };
  // The target's own ref, never the trigger's: a push to `webhook.branch` is a hint to look
  // again, and reading another branch than the schedule reads would flip-flop the gateway.
  const head = await resolveRef(spec, spec.ref, deps);
  return head.sha === at.sha ? { sha: at.sha } : { sha: head.sha, superseded: at.sha };
}

async function readTargetSource(
  input: TargetRunInput,
  at: TargetTrigger | undefined,
  seen: string[],
): Promise<SourceSnapshot & { superseded?: string }> {
  const { target, resolver, registry } = input;
  const token =
    target.source.type === 'local' ? undefined : await reveal(resolver, target.source.token, seen);
  const deps: SourceDeps = { ...input.sourceDeps, agents: registry.agentsFor() };
  if (token !== undefined) deps.token = token;
  if (input.logger) deps.logger = input.logger;
  const spec = specOf(target);
  const { sha, superseded } = await commitToRead(spec, at, deps);
  const opts = {
    ...(sha === undefined ? {} : { sha }),
    ...(at?.pin && at.ref !== undefined ? { ref: at.ref } : {}),
  };
  const snapshot = await readSource(spec, opts, deps);
  return superseded === undefined ? snapshot : { ...snapshot, superseded };
}

function syncOptions(target: Target, at: TargetTrigger | undefined): SyncOptions {
  return {
    prune: target.prune,
    // `force` lifts the delete threshold only: an empty desired set is never pruned by the
    // reconciler (Argo CD's `allowEmpty` is a separate, deliberate switch; we offer none).
    maxDeletes: at?.force ? undefined : (target.maxDeletes ?? DEFAULT_MAX_DELETES),
    refuseEmptyPrune: true,
    force: false,
    dryRun: target.dryRun,
    // Configuration from git is used verbatim: `${VAR}` is never filled from this process's
    // environment, which holds no gateway configuration (and may hold credentials).
    env: {},
  };
}

function syncTarget(target: Target, token: string, tls: TlsProfile | undefined): SyncTarget {
  const out: SyncTarget = {
    name: target.name,
    backend: target.backend,
    servers: target.servers,
    token,
    cacheKey: `reconcile:${target.name}`,
  };
  if (tls) out.tls = tls;
  if (target.timeoutMs !== undefined) out.timeoutMs = target.timeoutMs;
  if (target.concurrency !== undefined) out.concurrency = target.concurrency;
  return out;
}

async function syncSnapshot(
  input: TargetRunInput,
  snapshot: SourceSnapshot,
  tls: TlsProfile | undefined,
  seen: string[],
): Promise<Report> {
  const { target, trigger, resolver } = input;
  const at = trigger.kind === 'target' ? trigger : undefined;
  const run = (token: string) =>
    runSync({
      mode: 'sync',
      texts: snapshot.files,
      target: syncTarget(target, token, tls),
      scope: {
        labelSelector: target.labelSelector,
        includeResourceTypes: target.includeResourceTypes,
        excludeResourceTypes: target.excludeResourceTypes,
      },
      options: syncOptions(target, at),
      registry: input.registry,
      source: { type: snapshot.type, ref: snapshot.ref, sha: snapshot.sha },
      ...(input.now ? { now: input.now } : {}),
    });
  if (target.adminKey === undefined) return run('');
  // A 401 (the key was rotated) refetches the key once and runs again; the dump is the first
  // request, so the rejected attempt wrote nothing.
  return withFreshSecret(resolver, target.adminKey, (key) => {
    seen.push(key);
    return run(key);
  });
}

/**
 * Runs one target and reports; never throws (every failure becomes the report's `error`).
 *
 * @example
 * ```ts
 * const report = await reconcileTarget({
 *   target, trigger: { kind: 'target', target: 'prod', sha, reason: 'webhook', force: false },
 *   registry, resolver,
 * });
 * ```
 */
async function reconcileTarget(input: TargetRunInput): Promise<TargetReport> {
  const { target, trigger, registry } = input;
  const now = input.now ?? Date.now;
  const at = trigger.kind === 'target' ? trigger : undefined;
  const ctx: RunContext = {
    target: target.name,
    reason: trigger.reason,
    dryRun: target.dryRun,
    source: requestedSource(target, at),
    startedAt: now(),
    now,
  };
  if (at?.deliveryId !== undefined) ctx.deliveryId = at.deliveryId;
  const seen: string[] = [];
  const before = registry.counters();
  try {
    const tls = await resolveTls(target, input.resolver, seen);
    const snapshot = await readTargetSource(input, at, seen);
    ctx.source = { type: snapshot.type, ref: snapshot.ref, sha: snapshot.sha };
    if (snapshot.superseded !== undefined) ctx.superseded = snapshot.superseded;
    const sync = await syncSnapshot(input, snapshot, tls, seen);
    // Pool counters over the whole run: source traffic shares the registry with the gateway's.
    return {
      ...reportFromSync(sync, ctx, seen),
      pool: { ...subtractCounters(registry.counters(), before) },
    };
  } catch (err) {
    const pool = { ...subtractCounters(registry.counters(), before) };
    return reportFromError(err, ctx, seen, { pool });
  }
}

export type { TargetRunInput };
export { commitToRead, DEFAULT_MAX_DELETES, reconcileTarget };
