/**
 * A receiver wired to plain in-test inputs: a target per provider, secrets from a map, a
 * dispatch that records what it was given, and the real logger writing into an array.
 */
import { createLogger } from '../../../lib/log/index.js';
import {
  createDeliveryCache,
  createWebhookReceiver,
  type Dispatch,
  type ReconcileRequest,
  type WebhookReceiverOptions,
  type WebhookResponse,
  type WebhookTarget,
} from '../../../lib/webhook/index.js';
import { type Delivery, delivery, type Provider } from '../../fixtures/webhook/deliveries.js';

const SECRETS: Record<string, string> = {
  'env:GH_HOOK': 'gh-hook-secret-7f3a',
  'env:GH_HOOK_OLD': 'gh-hook-secret-old-91c2',
  'env:GL_HOOK': 'gl-hook-token-2b8e',
  'env:GT_HOOK': 'gt-hook-secret-5d1c',
  'env:BB_HOOK': 'bb-hook-secret-c4e9',
};

const TARGETS: WebhookTarget[] = [
  {
    name: 'gh',
    source: { type: 'github', url: 'https://github.com/Codertocat/Hello-World.git', ref: 'master' },
    webhook: { provider: 'github', secrets: ['env:GH_HOOK', 'env:GH_HOOK_OLD'] },
  },
  {
    name: 'gl',
    source: { type: 'gitlab', url: 'http://example.com/mike/diaspora.git', ref: 'master' },
    webhook: { provider: 'gitlab', secrets: ['env:GL_HOOK'] },
  },
  {
    name: 'gt',
    source: { type: 'git', url: 'http://localhost:3000/gitea/webhooks.git', ref: 'master' },
    webhook: { provider: 'gitea', secrets: ['env:GT_HOOK'], branch: 'develop' },
  },
  {
    name: 'bb',
    source: { type: 'git', url: 'https://bitbucket.org/acme/gateway-config.git' },
    webhook: { provider: 'bitbucket', secrets: ['env:BB_HOOK'] },
  },
  {
    name: 'bbs',
    source: {
      type: 'git',
      url: 'https://bitbucket.example.com/scm/PROJ/repository.git',
      ref: 'master',
    },
    webhook: { provider: 'bitbucket', secrets: ['env:BB_HOOK'] },
  },
  { name: 'no-hook', source: { type: 'git', url: 'https://github.com/acme/x.git' } },
];

const SECRET_OF: Record<string, string> = {
  gh: 'env:GH_HOOK',
  gl: 'env:GL_HOOK',
  gt: 'env:GT_HOOK',
  bb: 'env:BB_HOOK',
  bbs: 'env:BB_HOOK',
};

interface Harness {
  receive: (req: {
    target: string;
    delivery: Delivery;
    method?: string;
    path?: string;
  }) => Promise<WebhookResponse>;
  dispatched: ReconcileRequest[];
  logs: Record<string, unknown>[];
  secretReads: { ref: string; forceRefresh: boolean }[];
  /** A delivery for target `name`, signed with that target's current secret. */
  signedFor: (
    name: string,
    provider: Provider,
    body: unknown,
    extra?: Partial<Parameters<typeof delivery>[1]>,
  ) => Delivery;
}

function createHarness(overrides: Partial<WebhookReceiverOptions> = {}): Harness {
  const dispatched: ReconcileRequest[] = [];
  const logs: Record<string, unknown>[] = [];
  const secretReads: Harness['secretReads'] = [];
  const secrets = { ...SECRETS };
  const dispatch: Dispatch = async (_target, request) => {
    dispatched.push(request);
  };
  const receiver = createWebhookReceiver({
    targets: () => TARGETS,
    resolveSecret: async (ref, opts) => {
      secretReads.push({ ref, forceRefresh: opts?.forceRefresh === true });
      const value = secrets[ref];
      if (value === undefined) throw new Error(`unknown ref ${ref}`);
      return value;
    },
    dispatch,
    logger: createLogger({
      service: 'git-webhook',
      level: 'debug',
      sink: (line) => logs.push(JSON.parse(line)),
    }),
    dedupe: createDeliveryCache(),
    ...overrides,
  });
  return {
    receive: ({ target, delivery: d, method, path }) =>
      receiver({
        method: method ?? 'POST',
        path: path ?? `/webhook/${target}`,
        headers: d.headers,
        rawBody: d.rawBody,
      }),
    dispatched,
    logs,
    secretReads,
    signedFor: (name, provider, body, extra = {}) =>
      delivery(provider, { body, secret: SECRETS[SECRET_OF[name] ?? ''] ?? '', ...extra }),
  };
}

export type { Harness };
export { createHarness, SECRETS };
