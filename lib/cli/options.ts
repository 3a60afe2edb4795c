/**
 * The flags and environment variables every gateway-facing command shares, with ADC's names
 * (`--server`, `--token`, `--backend`, `--label-selector`, `--include-resource-type`, TLS files,
 * `--timeout`; `ADC_*` variables) and apisync's (`APISYNC_*`) side by side. Flags win over
 * `APISYNC_*`, which win over `ADC_*`.
 *
 * @example
 * ```ts
 * const parsed = parseCommonArgs(args, io, { files: true });
 * const target = await targetFromFlags(parsed.values, io);
 * ```
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { createLogger } from '../log/index.js';
import type { Logger } from '../log/types.js';
import { serverUrlUserinfo, USERINFO_MESSAGE } from '../sync/server-url.js';
import type { SyncScope, SyncTarget } from '../sync/types.js';
import type { CliIO } from './types.js';

type Values = Record<string, string | boolean | string[] | undefined>;

const GATEWAY_OPTIONS = {
  backend: { type: 'string' },
  server: { type: 'string' },
  token: { type: 'string' },
  'label-selector': { type: 'string', multiple: true },
  'include-resource-type': { type: 'string', multiple: true },
  'exclude-resource-type': { type: 'string', multiple: true },
  timeout: { type: 'string' },
  'ca-cert-file': { type: 'string' },
  'tls-client-cert-file': { type: 'string' },
  'tls-client-key-file': { type: 'string' },
  'tls-skip-verify': { type: 'boolean' },
  concurrency: { type: 'string' },
  'request-concurrent': { type: 'string' },
  'cache-key': { type: 'string' },
  'bypass-cache': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const FILE_OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  'no-lint': { type: 'boolean' },
  'no-managed-by-label': { type: 'boolean' },
  'allow-empty-env': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

class UsageError extends Error {
  override name = 'UsageError';
}

function parse(
  args: string[],
  extra: ParseArgsConfig['options'],
): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...GATEWAY_OPTIONS, ...FILE_OPTIONS, ...extra },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function envValue(io: CliIO, ...names: string[]): string | undefined {
  for (const name of names) {
    const v = io.env[name];
    if (v !== undefined && v !== '') return v;
  }
  return undefined;
}

function flagOrEnv(values: Values, io: CliIO, flag: string, suffix: string): string | undefined {
  const v = values[flag];
  return typeof v === 'string' ? v : envValue(io, `APISYNC_${suffix}`, `ADC_${suffix}`);
}

/** `10s`, `1m30s`, `500ms`, `2h`, or a bare number of milliseconds. */
function parseDuration(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  const rest = text.replace(/(\d+(?:\.\d+)?)(ms|s|m|h)/g, (_, n: string, unit: string) => {
    total += Number(n) * (units[unit] ?? 0);
    return '';
  });
  if (rest !== '' || total <= 0)
    throw new UsageError(`invalid duration "${text}" (use e.g. 10s, 1m30s, 500ms)`);
  return total;
}

/** `k=v,k2=v2`, repeatable; every pair must be `key=value`. */
function parseLabelSelector(entries: string[] | undefined): Record<string, string> | undefined {
  if (!entries || entries.length === 0) return undefined;
  const selector: Record<string, string> = {};
  for (const pair of entries.flatMap((e) => e.split(','))) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid label selector "${pair}" (expected key=value)`);
    selector[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return selector;
}

async function readPem(
  io: CliIO,
  path: string | undefined,
  what: string,
): Promise<string | undefined> {
  if (!path) return undefined;
  try {
    return await readFile(resolve(io.cwd, path), 'utf8');
  } catch {
    throw new UsageError(`cannot read the ${what} file ${path}`);
  }
}

function positiveInt(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`${what} must be a positive integer, got "${text}"`);
  return n;
}

/** `--server`'s comma list; a URL with credentials is refused (without repeating it). */
function serverList(server: string): string[] {
  const servers = server
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const at = servers.findIndex(serverUrlUserinfo);
  if (at >= 0) {
    const which = servers.length > 1 ? ` (URL ${at + 1} of ${servers.length})` : '';
    throw new UsageError(`--server${which} ${USERINFO_MESSAGE}; pass the key with --token`);
  }
  return servers;
}

/** The gateway a command talks to, from flags and environment. */
async function targetFromFlags(values: Values, io: CliIO): Promise<SyncTarget> {
  const backend = flagOrEnv(values, io, 'backend', 'BACKEND') ?? 'apisix';
  if (backend !== 'apisix' && backend !== 'apisix-standalone') {
    throw new UsageError(`unsupported backend "${backend}" (apisix or apisix-standalone)`);
  }
  const server = flagOrEnv(values, io, 'server', 'SERVER') ?? 'http://localhost:9180';
  const token = flagOrEnv(values, io, 'token', 'TOKEN');
  if (!token) throw new UsageError('no admin key: pass --token or set APISYNC_TOKEN / ADC_TOKEN');
  const certFile = flagOrEnv(values, io, 'tls-client-cert-file', 'TLS_CLIENT_CERT_FILE');
  const keyFile = flagOrEnv(values, io, 'tls-client-key-file', 'TLS_CLIENT_KEY_FILE');
  if (Boolean(certFile) !== Boolean(keyFile)) {
    throw new UsageError('--tls-client-cert-file and --tls-client-key-file go together');
  }
  const skipVerify =
    values['tls-skip-verify'] === true ||
    /^(1|true)$/i.test(envValue(io, 'APISYNC_TLS_SKIP_VERIFY', 'ADC_TLS_SKIP_VERIFY') ?? '');
  const timeout = typeof values.timeout === 'string' ? values.timeout : undefined;
  const concurrency = (values.concurrency ?? values['request-concurrent']) as string | undefined;
  return {
    backend,
    servers: serverList(server),
    token,
    tls: {
      ca: await readPem(
        io,
        flagOrEnv(values, io, 'ca-cert-file', 'CA_CERT_FILE'),
        'CA certificate',
      ),
      cert: await readPem(io, certFile, 'client certificate'),
      key: await readPem(io, keyFile, 'client key'),
      rejectUnauthorized: !skipVerify,
    },
    timeoutMs: timeout ? parseDuration(timeout) : undefined,
    concurrency: positiveInt(concurrency, '--concurrency'),
    cacheKey: typeof values['cache-key'] === 'string' ? values['cache-key'] : undefined,
    bypassCache: values['bypass-cache'] === true,
  };
}

function scopeFromFlags(values: Values): SyncScope {
  const include = values['include-resource-type'] as string[] | undefined;
  const exclude = values['exclude-resource-type'] as string[] | undefined;
  if (include?.length && exclude?.length) {
    throw new UsageError(
      '--include-resource-type and --exclude-resource-type are mutually exclusive',
    );
  }
  return {
    labelSelector: parseLabelSelector(values['label-selector'] as string[] | undefined),
    includeResourceTypes: include,
    excludeResourceTypes: exclude,
  };
}

/** `-f` values, defaulting to `adc.yaml` like ADC. */
function filesFromFlags(values: Values): string[] {
  const files = values.file as string[] | undefined;
  return files && files.length > 0 ? files : ['adc.yaml'];
}

/**
 * ADC's `--verbose <0|1|2>`: 2 writes every pipeline log line (JSON, secrets redacted) to
 * stderr; 0 and 1 keep the CLI to its human summary.
 */
function loggerFromFlags(values: Values, io: CliIO): Logger | undefined {
  const level = values.verbose;
  if (level === undefined) return undefined;
  if (level !== '0' && level !== '1' && level !== '2') {
    throw new UsageError(`--verbose must be 0, 1 or 2, got "${String(level)}"`);
  }
  if (level !== '2') return undefined;
  return createLogger({
    service: 'apisync',
    level: 'debug',
    sink: (line) => io.stderr.write(`${line}\n`),
  });
}

export type { Values };
export {
  filesFromFlags,
  loggerFromFlags,
  parse,
  parseDuration,
  parseLabelSelector,
  scopeFromFlags,
  targetFromFlags,
  UsageError,
};
