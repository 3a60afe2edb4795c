/**
 * `apisync dev` end to end for git pushes: the command runs in-process (port 0) with a targets
 * file whose source is a token-protected `git http-backend` and whose gateway is the embedded
 * emulator. A test commits to the repository, sends the push the git host would send (signed
 * here, over real HTTP) to `POST /webhook/<target>`, and polls the emulator until that commit's
 * configuration is live. A gate in front of the git server proves the 202 does not wait for the
 * sync: the answer arrives while the reconcile it started is still held at the gate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../lib/cli/commands/dev.js';
import {
  type Delivery,
  delivery,
  fixture,
  githubBranchPush,
  type Provider,
} from '../fixtures/webhook/deliveries.js';
import { type GitBackend, startGitHttpBackend } from '../support/git-http-backend.js';
import { createTestRepo, type TestRepo } from '../support/git-repo.js';

const SECRET = 'whsec-3b1f9c0d7e2a';
const GIT_TOKEN = 'git-token-8d6c4b2a0f1e';
const ADMIN_KEY = 'apisync-dev-admin-key';
const TARGET = 'cfg';
const REPO = 'acme/cfg';
const ENV = {
  APISYNC_LOG_LEVEL: 'info',
  DEV_WH_SECRET: SECRET,
  DEV_WH_GIT_TOKEN: GIT_TOKEN,
  DEV_WH_ADMIN_KEY: ADMIN_KEY,
};
const PROVIDERS: Provider[] = ['github', 'gitlab', 'gitea', 'bitbucket'];
type Json = Record<string, unknown>;

/** Holds every request to the git server while closed; counts what it holds. */
interface Gate {
  url: string;
  held: () => number;
  close: () => void;
  open: () => void;
  stop: () => Promise<void>;
}

interface Dev {
  url: string;
  gateway: string;
  out: () => string;
  logs: () => Json[];
  stop: () => Promise<number>;
}

let git: GitBackend;
let repo: TestRepo;
let gate: Gate;
let dev: Dev | undefined;
let cwd: string;
const latencies: Record<string, number[]> = {};

function record(series: string, ms: number): void {
  latencies[series] = [...(latencies[series] ?? []), ms];
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startGate(upstream: string): Promise<Gate> {
  let isOpen = true;
  const waiting: (() => void)[] = [];
  const server = createServer((req, res) => {
    const forward = () => {
      const up = httpRequest(
        `${upstream}${req.url}`,
        { method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (isOpen) forward();
    else waiting.push(forward);
  });
  const url = await listen(server);
  return {
    url,
    held: () => waiting.length,
    close: () => {
      isOpen = false;
    },
    open: () => {
      isOpen = true;
      for (const forward of waiting.splice(0)) forward();
    },
    stop: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  const url = await listen(server);
  await new Promise<void>((r) => server.close(() => r()));
  return Number(new URL(url).port);
}

async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, what: string) {
  for (let i = 0; i < 400; i++) {
    const found = await check();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function startDev(provider: Provider, extra: Json = {}): Promise<Dev> {
  const emulatorPort = await freePort();
  const gateway = `http://127.0.0.1:${emulatorPort}`;
  const target = {
    name: TARGET,
    servers: [gateway],
    adminKey: 'env:DEV_WH_ADMIN_KEY',
    source: {
      type: 'git',
      url: `${gate.url}/${REPO}.git`,
      ref: 'main',
      paths: ['adc/**/*.yaml'],
      token: 'env:DEV_WH_GIT_TOKEN',
    },
    webhook: { provider, secrets: ['env:DEV_WH_SECRET'] },
    ...extra,
  };
  const file = join(cwd, 'targets.json');
  writeFileSync(file, JSON.stringify([target]));
  let out = '';
  let err = '';
  let stop = () => {};
  const stopSignal = new Promise<void>((r) => {
    stop = r;
  });
  const args = ['--port', '0', '--emulator-port', String(emulatorPort), '--targets', file];
  const exit = run([...args, '--reconcile-interval', '0'], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: ENV,
    cwd,
    isTTY: false,
    stopSignal,
  });
  const url = await waitFor(
    () => /POST (http:\/\/127\.0\.0\.1:\d+)\/webhook/.exec(out)?.[1] ?? undefined,
    'the banner',
  );
  expect(out).toContain(`emulator at ${gateway}`);
  const logs = () =>
    err
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Json);
  const stopDev = () => {
    stop();
    return exit;
  };
  return { url, gateway, out: () => out, logs, stop: stopDev };
}

/** The repository's configuration: one service whose one route answers on `uri`. */
function config(uri: string): string {
  return `services:
  - name: orders
    upstream:
      nodes:
        - host: orders.internal
          port: 8080
          weight: 1
    routes:
      - name: list-orders
        uris: [${uri}]
        methods: [GET]
`;
}

/** The push payload `provider` documents, rewritten for this repository, branch and commit. */
function pushBody(provider: Provider, branch: string, sha: string): Json {
  const ref = `refs/heads/${branch}`;
  const repository = { full_name: REPO, name: 'cfg' };
  switch (provider) {
    case 'github': {
      const body = githubBranchPush();
      return { ...body, ref, after: sha, head_commit: null, commits: [], repository };
    }
    case 'gitlab': {
      const body = fixture('gitlab-push.json');
      const project = { ...(body.project as Json), path_with_namespace: REPO };
      return { ...body, ref, after: sha, checkout_sha: sha, commits: [], project };
    }
    case 'gitea':
      return { ...fixture('gitea-push.json'), ref, after: sha, commits: [], repository };
    case 'bitbucket': {
      const body = fixture('bitbucket-cloud-push.json');
      const change = { new: { name: branch, type: 'branch', target: { hash: sha } }, old: null };
      return { ...body, push: { changes: [change] }, repository };
    }
  }
}

function signedPush(provider: Provider, branch: string, sha: string, secret = SECRET): Delivery {
  return delivery(provider, { body: pushBody(provider, branch, sha), secret });
}

async function post(d: Delivery): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${dev?.url}/webhook/${TARGET}`, {
    method: 'POST',
    headers: d.headers,
    body: d.rawBody,
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function liveUris(): Promise<string[]> {
  const res = await fetch(`${dev?.gateway}/apisix/admin/routes`, {
    headers: { 'X-API-KEY': ADMIN_KEY },
  });
  const body = (await res.json()) as { list?: { value: { uris?: string[] } }[] };
  return (body.list ?? []).flatMap((item) => item.value.uris ?? []);
}

/** Waits until exactly `uri` is the live route; returns the time from `since` (ms). */
async function applied(uri: string, since: number): Promise<number> {
  await waitFor(async () => {
    const uris = await liveUris();
    return uris.length === 1 && uris[0] === uri ? true : undefined;
  }, `${uri} on the emulator`);
  return performance.now() - since;
}

function reconciles(): Json[] {
  return (dev?.logs() ?? []).filter((line) => line.message === 'reconcile finished');
}

/** A genuine push of a new commit, waited for: everything sent before it has been handled. */
async function sentinel(provider: Provider, uri: string): Promise<string> {
  const sha = repo.commit({ 'adc/config.yaml': config(uri) }, `serve ${uri}`);
  expect((await post(signedPush(provider, 'main', sha))).status).toBe(202);
  await applied(uri, performance.now());
  await waitFor(() => reconciles().find((r) => (r.source as Json).sha === sha), 'its report');
  return sha;
}

beforeAll(async () => {
  repo = createTestRepo(`${REPO}.git`);
  git = await startGitHttpBackend({ projectRoot: repo.root, token: GIT_TOKEN });
  gate = await startGate(git.baseUrl);
  cwd = mkdtempSync(join(tmpdir(), 'apisync-dev-webhook-'));
});

afterEach(async () => {
  gate.open();
  await dev?.stop();
  dev = undefined;
});

afterAll(async () => {
  await gate.stop();
  await git.close();
  repo.remove();
  rmSync(cwd, { recursive: true, force: true });
  const all = Object.entries(latencies).map(([name, values]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
    return `${name} p50 ${p50.toFixed(0)} ms over ${values.length}`;
  });
  console.info(`apisync dev push → visible on the emulator: ${all.join('; ')}`);
});

describe('apisync dev webhook', () => {
  it.each(PROVIDERS)(
    'applies the pushed commit to the emulator after a signed %s push, answering 202 first',
    async (provider) => {
      // Prepare
      dev = await startDev(provider);
      const uri = `/orders/${provider}`;
      const sha = repo.commit({ 'adc/config.yaml': config(uri) }, `serve ${uri}`);
      gate.close();
      // Act
      const started = performance.now();
      const answer = await post(signedPush(provider, 'main', sha));
      // Assess: answered while the reconcile it started waits for the git server
      expect(answer).toMatchObject({ status: 202, body: { status: 'accepted', sha } });
      await waitFor(() => (gate.held() > 0 ? true : undefined), 'the reconcile reading git');
      expect(await liveUris()).toEqual([]);
      gate.open();
      record(`${provider} (gated)`, await applied(uri, started));
      const report = await waitFor(() => reconciles()[0], 'the reconcile report');
      expect(report).toMatchObject({ target: TARGET, reason: 'webhook', converged: true });
      expect(report.source).toMatchObject({ type: 'git', sha });
      expect(reconciles()).toHaveLength(1);
      expect(JSON.stringify(dev.logs())).not.toMatch(new RegExp(`${SECRET}|${GIT_TOKEN}`));
    },
  );

  it('refuses a forged push with 401 and applies nothing', async () => {
    // Prepare
    dev = await startDev('github');
    const forgedSha = repo.commit({ 'adc/config.yaml': config('/forged') }, 'forged');
    // Act
    const forged = await post(signedPush('github', 'main', forgedSha, 'not-the-secret'));
    const later = await sentinel('github', '/after-forgery');
    // Assess: only the sentinel's push reconciled; the forged commit was never read
    expect(forged).toMatchObject({ status: 401, body: { status: 'refused' } });
    expect(reconciles().map((r) => (r.source as Json).sha)).toEqual([later]);
  });

  it('answers a replayed delivery 200 duplicate and reconciles only once', async () => {
    // Prepare
    dev = await startDev('gitea');
    const sha = repo.commit({ 'adc/config.yaml': config('/first') }, 'first');
    const push = signedPush('gitea', 'main', sha);
    expect((await post(push)).status).toBe(202);
    await applied('/first', performance.now());
    // Act
    const replay = await post(push);
    await sentinel('gitea', '/after-replay');
    // Assess
    expect(replay).toMatchObject({ status: 200, body: { status: 'duplicate' } });
    const first = reconciles().filter((r) => r.deliveryId === push.deliveryId);
    expect(first).toHaveLength(1);
    expect(reconciles()).toHaveLength(2);
  });

  it('ignores a push to another branch with 202 and the reason', async () => {
    // Prepare
    dev = await startDev('gitlab');
    const sha = repo.commit({ 'adc/config.yaml': config('/feature') }, 'feature', 'feature');
    // Act
    const answer = await post(signedPush('gitlab', 'feature', sha));
    const later = await sentinel('gitlab', '/after-feature');
    // Assess
    expect(answer).toMatchObject({ status: 202, body: { status: 'ignored' } });
    expect(String(answer.body.reason)).toContain('refs/heads/feature');
    expect(reconciles().map((r) => (r.source as Json).sha)).toEqual([later]);
  });

  it('lets a pushed reconcile finish before stopping on Ctrl-C', async () => {
    // Prepare: a push whose reconcile is held at the git server
    const current = await startDev('bitbucket');
    dev = current;
    const sha = repo.commit({ 'adc/config.yaml': config('/stopping') }, 'stopping');
    gate.close();
    expect((await post(signedPush('bitbucket', 'main', sha))).status).toBe(202);
    await waitFor(() => (gate.held() > 0 ? true : undefined), 'the reconcile reading git');
    // Act
    const exit = current.stop();
    await waitFor(() => (current.out().includes('in progress') ? true : undefined), 'notice');
    gate.open();
    // Assess: the run completed against the live emulator before the command returned
    expect(await exit).toBe(0);
    const [report, ...more] = reconciles();
    expect(more).toHaveLength(0);
    expect(report).toMatchObject({ converged: true, source: { sha } });
    expect(current.out()).toContain('stopping after 1 reconcile run(s) in progress');
  });

  it('applies each of several successive pushes in turn', async () => {
    // Prepare
    dev = await startDev('github');
    for (let i = 1; i <= 5; i++) {
      const uri = `/orders/v${i}`;
      const sha = repo.commit({ 'adc/config.yaml': config(uri) }, `v${i}`);
      // Act
      const started = performance.now();
      const answer = await post(signedPush('github', 'main', sha));
      // Assess
      expect(answer).toMatchObject({ status: 202, body: { status: 'accepted', sha } });
      record('github (successive)', await applied(uri, started));
    }
    expect(reconciles()).toHaveLength(5);
  });
});
