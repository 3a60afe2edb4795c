/**
 * The deployment's target list (`APISYNC_TARGETS`): which gateways apisync keeps in sync, from
 * which source, with which credentials. Every credential field holds a secret *reference*
 * (`env:NAME`, `file:PATH`, or a Secrets Manager id or ARN, with an optional `#field`); values
 * are resolved later by `lib/secrets`, never here.
 *
 * @example
 * ```ts
 * const target: Target = {
 *   name: 'prod', backend: 'apisix', servers: ['https://apisix-admin.internal:9180'],
 *   adminKey: 'apisix/prod/admin#key', prune: 'owned', dryRun: false,
 *   source: { type: 'git', url: 'https://github.com/acme/gateway-config.git', ref: 'main', paths: ['adc/**\/*.yaml'] },
 * };
 * ```
 */
import type { ResourceType } from '../config/resources-types.js';

type TargetBackend = 'apisix' | 'apisix-standalone';
/** `owned`: delete only resources carrying our owner label; `all`: everything in scope; `none`: never delete. */
type PruneMode = 'owned' | 'all' | 'none';
type WebhookProvider = 'github' | 'gitlab' | 'gitea' | 'bitbucket';
type SourceType = 'git' | 'github' | 'gitlab' | 'local';

interface TargetTls {
  /** Reference to a PEM CA bundle that signs the Admin API's certificate. */
  ca?: string;
  /** References to a PEM client certificate and key for mTLS; both or neither. */
  clientCert?: string;
  clientKey?: string;
  /** Skip server certificate verification (test setups only). Default false. */
  skipVerify: boolean;
  /** TLS server name (SNI) when it differs from the URL's host. */
  servername?: string;
}

interface RemoteSourceBase {
  /** HTTPS URL of the repository (`http:` is accepted for loopback and private hosts). */
  url: string;
  /** Branch, tag or commit SHA. Default `main`. */
  ref: string;
  /** Globs of ADC files, relative to the repository root. Default YAML and JSON everywhere. */
  paths: string[];
  /** Reference to an access token (read-only repository scope is enough). */
  token?: string;
}

/** Any git host over smart HTTP (isomorphic-git). */
interface GitSource extends RemoteSourceBase {
  type: 'git';
}
/** GitHub or GitHub Enterprise REST; `url` is `https://<host>/<owner>/<repo>`. */
interface GithubSource extends RemoteSourceBase {
  type: 'github';
}
/** GitLab REST; `url` is `https://<host>/<group>[/<subgroup>…]/<project>`. */
interface GitlabSource extends RemoteSourceBase {
  type: 'gitlab';
}
/** A directory on the local file system (CLI, `apisync dev`, tests). */
interface LocalSource {
  type: 'local';
  path: string;
  paths: string[];
}

type TargetSource = GitSource | GithubSource | GitlabSource | LocalSource;

interface TargetWebhook {
  provider: WebhookProvider;
  /** References to the webhook secrets; several are accepted during a rotation. */
  secrets: string[];
  /** Branch whose pushes trigger a reconcile; default: the source's `ref`. */
  branch?: string;
}

interface Target {
  /** Unique, URL-safe: `^[a-z0-9][a-z0-9-_]{0,62}$`. Used in metrics, reports and webhook URLs. */
  name: string;
  /** Default `apisix` (etcd mode Admin API); `apisix-standalone` for API-driven standalone mode. */
  backend: TargetBackend;
  /** Admin API base URLs (http or https); at least one. */
  servers: string[];
  /** Reference to the Admin API key (`X-API-KEY`). */
  adminKey?: string;
  tls?: TargetTls;
  source: TargetSource;
  webhook?: TargetWebhook;
  /** Labels filled into every resource and used to scope the dump; values are strings. */
  labelSelector?: Record<string, string>;
  /** Resource types to sync; mutually exclusive with `excludeResourceTypes`. */
  includeResourceTypes?: ResourceType[];
  /** Resource types to leave alone; mutually exclusive with `includeResourceTypes`. */
  excludeResourceTypes?: ResourceType[];
  /** Default `owned`. */
  prune: PruneMode;
  /** Most deletes one run may make without `force`; default (applied by the guard): max(20, 10 % of live). */
  maxDeletes?: number;
  /** Report what would change, write nothing. Default false. */
  dryRun: boolean;
  /** Concurrent Admin API writes for this target (1–64). */
  concurrency?: number;
  /** Per-request Admin API timeout in milliseconds. */
  timeoutMs?: number;
}

export type {
  GithubSource,
  GitlabSource,
  GitSource,
  LocalSource,
  PruneMode,
  SourceType,
  Target,
  TargetBackend,
  TargetSource,
  TargetTls,
  TargetWebhook,
  WebhookProvider,
};
