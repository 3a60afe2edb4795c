/**
 * Test-only: the whole reconcile stack on loopback — the APISIX emulator, a real
 * `git http-backend` serving a repository the test creates (token-protected), and the Secrets
 * Manager stand-in reached by the real SDK through `AWS_ENDPOINT_URL_SECRETS_MANAGER` — plus
 * the real `reconcile` with captured log lines and EMF documents.
 *
 * Lives under test/unit/reconcile because that is the folder this work owns; it belongs in
 * test/helpers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EmulatorHandle, startEmulator } from '../../../../lib/emulator/apisix-admin/index.js';
import { type AgentRegistry, createAgentRegistry } from '../../../../lib/http/index.js';
import { createLogger, createMetrics } from '../../../../lib/log/index.js';
import { getSecretResolver } from '../../../../lib/secrets/index.js';
import {
  type ReconcileResult,
  reconcile,
  type TargetReport,
} from '../../../../lib/sync/reconcile.js';
import { parseTargets, type Target } from '../../../../lib/targets/index.js';
import { type GitBackend, startGitHttpBackend } from '../../../support/git-http-backend.js';
import { createTestRepo, type TestRepo } from '../../../support/git-repo.js';

const ADMIN_SECRET = 'apisync-e2e/admin';
const GIT_SECRET = 'apisync-e2e/git';
const ADMIN_KEY = 'edd1c9f034335f136f87ad84b625c8f1';
const GIT_TOKEN = 'glpat-e2eTokenValue0123456789';
const SCHEDULED = { 'detail-type': 'Scheduled Event', source: 'aws.scheduler', detail: {} };

type Json = Record<string, unknown>;

interface LiveItem {
  id: string;
  value: Json;
}

interface Stack {
  apisix: EmulatorHandle;
  repo: TestRepo;
  git: GitBackend;
  logs: Json[];
  emf: Json[];
  /** A validated target for this stack; `overrides` are merged into the JSON before parsing. */
  target(overrides?: Json): Target;
  run(event: unknown, targets?: Target[]): Promise<ReconcileResult>;
  /** One scheduled run of `targets` (default: `target()`), returning the first report. */
  schedule(targets?: Target[]): Promise<TargetReport>;
  admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  live(collection: string): Promise<LiveItem[]>;
  idOf(collection: string, name: string): Promise<string>;
  /** Non-GET requests the emulator answered since the last `mark()`. */
  writes(): string[];
  /** Every request the emulator answered since the last `mark()`. */
  requests(): number;
  mark(): void;
  /** Replaces the emulator by one on the same port that only accepts `adminKey` (empty store). */
  rotateApisixKey(adminKey: string): Promise<void>;
  close(): Promise<void>;
}

interface StackOptions {
  version: string;
  /** A Secrets Manager stand-in endpoint; the admin key and git token live there. */
  sm: { putSecret(name: string, value: string): unknown };
}

function captured(lines: Json[]): (line: string) => void {
  return (line) => lines.push(JSON.parse(line) as Json);
}

function targetJson(stack: { apisix: EmulatorHandle; git: GitBackend }, overrides: Json): Json {
  return {
    name: 'e2e',
    servers: [stack.apisix.url],
    adminKey: `${ADMIN_SECRET}#key`,
    source: {
      type: 'git',
      url: stack.git.url('cfg.git'),
      ref: 'main',
      paths: ['adc/**/*.yaml'],
      token: `${GIT_SECRET}#token`,
    },
    ...overrides,
  };
}

async function adminCall(
  apisix: EmulatorHandle,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${apisix.url}/apisix/admin/${path}`, {
    method,
    headers: { 'X-API-KEY': ADMIN_KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
}

async function listLive(apisix: EmulatorHandle, collection: string): Promise<LiveItem[]> {
  const { body } = await adminCall(apisix, 'GET', collection);
  const list = Array.isArray(body.list) ? (body.list as { value: Json }[]) : [];
  return list.map((item) => ({ id: String(item.value.id), value: item.value }));
}

/**
 * Starts the emulator and a token-protected git server over a fresh repository, and stores
 * the admin key and git token in the Secrets Manager stand-in.
 */
async function startStack(options: StackOptions): Promise<Stack> {
  options.sm.putSecret(ADMIN_SECRET, JSON.stringify({ key: ADMIN_KEY }));
  options.sm.putSecret(GIT_SECRET, JSON.stringify({ token: GIT_TOKEN }));
  let apisix = await startEmulator({ version: options.version, adminKey: ADMIN_KEY });
  const repo = createTestRepo('cfg.git');
  const git = await startGitHttpBackend({ projectRoot: repo.root, token: GIT_TOKEN });
  const cacheDir = mkdtempSync(join(tmpdir(), 'apisync-reconcile-'));
  const registry: AgentRegistry = createAgentRegistry();
  const logs: Json[] = [];
  const emf: Json[] = [];
  const logger = createLogger({ service: 'reconcile', level: 'debug', sink: captured(logs) });
  const metrics = createMetrics({
    namespace: 'apisync',
    service: 'reconcile',
    sink: captured(emf),
  });
  let mark = 0;
  const stack: Stack = {
    get apisix() {
      return apisix;
    },
    repo,
    git,
    logs,
    emf,
    target: (overrides = {}) => parseTargets(JSON.stringify([targetJson(stack, overrides)]))[0]!,
    run: (event, targets = [stack.target()]) =>
      reconcile({
        event,
        targets,
        registry,
        resolver: getSecretResolver(),
        logger,
        metrics,
        sourceDeps: { cacheDir },
      }),
    schedule: async (targets) => (await stack.run(SCHEDULED, targets)).reports[0]!,
    admin: (method, path, body) => adminCall(apisix, method, path, body),
    live: (collection) => listLive(apisix, collection),
    idOf: async (collection, name) => {
      const item = (await listLive(apisix, collection)).find((i) => i.value.name === name);
      if (!item) throw new Error(`no live ${collection} named ${name}`);
      return item.id;
    },
    writes: () =>
      apisix.requests
        .slice(mark)
        .filter((r) => r.method !== 'GET')
        .map((r) => `${r.method} ${r.path}`),
    requests: () => apisix.requests.length - mark,
    mark: () => {
      mark = apisix.requests.length;
    },
    rotateApisixKey: async (adminKey) => {
      const port = Number(new URL(apisix.url).port);
      await apisix.close();
      apisix = await startEmulator({ version: options.version, adminKey, port });
      mark = 0;
    },
    close: async () => {
      registry.destroy();
      // A test may already have stopped the git server to make the source unreadable.
      await Promise.all([apisix.close(), git.close().catch(() => undefined)]);
      repo.remove();
      rmSync(cacheDir, { recursive: true, force: true });
    },
  };
  return stack;
}

/** The repository's ADC file: two services with a route each, plus optional extras. */
function adcConfig(
  opts: { ordersUri?: string; extraRoute?: boolean; usersService?: boolean } = {},
): string {
  const users = `  - name: users
    upstream:
      nodes:
        - host: users.internal
          port: 8080
          weight: 1
    routes:
      - name: get-user
        uris: [/users/*]
        methods: [GET]
`;
  const extra = `      - name: create-order
        uris: [/orders]
        methods: [POST]
`;
  return `services:
  - name: orders
    upstream:
      nodes:
        - host: orders.internal
          port: 8080
          weight: 1
    routes:
      - name: list-orders
        uris: [${opts.ordersUri ?? '/orders'}]
        methods: [GET]
${opts.extraRoute ? extra : ''}${opts.usersService === false ? '' : users}`;
}

export type { LiveItem, Stack };
export { ADMIN_KEY, ADMIN_SECRET, adcConfig, GIT_TOKEN, SCHEDULED, startStack };
