/**
 * The request body of ADC server mode (`apps/cli/src/server/schema.ts`, adc.md §1.3): strict at
 * the top and in `task`, loose in `opts` (unknown options pass, as in ADC) and in `config`
 * (lint validates it). apisync adds three optional PEM fields that select a TLS agent profile:
 * `caCert`, `tlsClientCert`, `tlsClientKey`.
 *
 * @example
 * ```ts
 * const parsed = parseTaskBody(body, 'sync');
 * if (!parsed.ok) return badRequest(parsed.issues);
 * ```
 */
import * as z from 'zod';
import { SCOPE_TYPES } from '../scope.js';
import { serverUrlUserinfo, USERINFO_MESSAGE } from '../server-url.js';

const BACKENDS = ['apisix', 'apisix-standalone'] as const;

const url = z
  .string()
  .refine((s) => /^https?:\/\/[^\s/]+/i.test(s.trim()), {
    message: 'Invalid URL: expected http(s)://host[:port]',
    abort: true,
  })
  // The Admin API takes the key as X-API-KEY only; a password here would reach every report.
  .refine((s) => !serverUrlUserinfo(s), { message: USERINFO_MESSAGE });
const serverField = z.union([
  z
    .string()
    .min(1)
    .refine((s) => s.split(',').every((one) => /^https?:\/\/[^\s/]+/i.test(one.trim())), {
      message: 'Invalid URL: expected http(s)://host[:port], or several separated by commas',
      abort: true,
    })
    .refine((s) => !s.split(',').some(serverUrlUserinfo), { message: USERINFO_MESSAGE }),
  z.array(url).min(1),
]);
const pem = (what: string) =>
  z.string().refine((s) => s.includes('-----BEGIN '), { message: `${what} must be PEM text` });

/**
 * `server` as a list: an array as is, a string split on commas (ADC joins arrays with `,`).
 *
 * @example
 * ```ts
 * serverList('http://a:9180, http://b:9180'); // ['http://a:9180', 'http://b:9180']
 * ```
 */
function serverList(server: string | string[]): string[] {
  const all = Array.isArray(server) ? server : server.split(',');
  return all.map((s) => s.trim()).filter(Boolean);
}

const optsSchema = z
  .looseObject({
    backend: z.string().min(1),
    server: serverField,
    token: z.string().min(1),
    lint: z.boolean().optional(),
    includeResourceType: z.array(z.enum(SCOPE_TYPES)).optional(),
    excludeResourceType: z.array(z.enum(SCOPE_TYPES)).optional(),
    labelSelector: z.record(z.string(), z.string()).optional(),
    // ADC requires it; optional here (a looser schema accepts every ADC request).
    cacheKey: z.string().optional(),
    bypassCache: z.boolean().optional(),
    tlsSkipVerify: z.boolean().optional(),
    /** Per-request Admin API timeout in milliseconds (ADC's `timeout`). */
    timeout: z.number().int().positive().max(900_000).optional(),
    caCert: pem('caCert').optional(),
    tlsClientCert: pem('tlsClientCert').optional(),
    tlsClientKey: pem('tlsClientKey').optional(),
  })
  .superRefine((opts, ctx) => {
    if (!(BACKENDS as readonly string[]).includes(opts.backend)) {
      ctx.addIssue({
        code: 'custom',
        path: ['backend'],
        message: `Unsupported backend "${opts.backend.slice(0, 40)}": apisync supports ${BACKENDS.join(' and ')}`,
      });
    }
    if (Boolean(opts.tlsClientCert) !== Boolean(opts.tlsClientKey)) {
      ctx.addIssue({
        code: 'custom',
        path: [opts.tlsClientCert ? 'tlsClientKey' : 'tlsClientCert'],
        message: 'tlsClientCert and tlsClientKey go together: send both or neither',
      });
    }
    const tokens = opts.token.split(',').length;
    const servers = serverList(opts.server).length;
    if (opts.backend === 'apisix-standalone' && tokens > 1 && tokens !== servers) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `${tokens} tokens for ${servers} servers: send one token, or one per server`,
      });
    }
    if (opts.includeResourceType?.length && opts.excludeResourceType?.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['excludeResourceType'],
        message: 'includeResourceType and excludeResourceType are mutually exclusive',
      });
    }
  });

const bodySchema = z.strictObject({
  task: z.strictObject({ opts: optsSchema, config: z.looseObject({}) }),
});

type TaskOpts = z.infer<typeof optsSchema>;
type TaskBody = z.infer<typeof bodySchema>;

/** One problem with the request, ADC-style: `path` from the body root (input) or from `config` (lint). */
interface ApiIssue {
  code: string;
  path: (string | number)[];
  message: string;
  resourceType?: string;
  resourceName?: string;
}

type ParsedTask = { ok: true; body: TaskBody } | { ok: false; issues: ApiIssue[] };

/**
 * Validates a decoded JSON body against the request schema; every issue, never the input
 * values (a PEM key or admin key must not be echoed back).
 *
 * @example
 * ```ts
 * parseTaskBody({ task: { opts: {}, config: {} } }).ok; // false: backend, server, token missing
 * ```
 */
function parseTaskBody(body: unknown): ParsedTask {
  const result = bodySchema.safeParse(body);
  if (result.success) return { ok: true, body: result.data };
  const issues = result.error.issues.map((i) => ({
    code: i.code,
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
  return { ok: false, issues };
}

export type { ApiIssue, ParsedTask, TaskBody, TaskOpts };
export { BACKENDS, parseTaskBody, SCOPE_TYPES, serverList };
