/**
 * The zod schema of one target, with messages that say what is expected. Cross-field rules
 * that must report even when other fields are wrong (unique names, TLS pairs, include/exclude)
 * live in `cross-checks.ts`.
 *
 * @example
 * ```ts
 * const result = targetListSchema.safeParse(JSON.parse(process.env.APISYNC_TARGETS ?? '[]'));
 * ```
 */
import * as z from 'zod';
import { RESOURCE_TYPES, type ResourceType } from '../config/resources-types.js';
// ref.ts is pure syntax, no I/O; importing it (not secrets/index.ts) keeps lib/targets free of
// the AWS SDK for the CDK app and the CLI.
import { checkSecretRef } from '../secrets/ref.js';
import { gitRefProblem, httpUrlProblem, repoUrlProblem } from './checks.js';
import type { Target } from './types.js';

const NAME = /^[a-z0-9][a-z0-9-_]{0,62}$/;
const DEFAULT_PATHS = ['**/*.yaml', '**/*.yml', '**/*.json'];

/** A string checked by `problem`; the issue lands on the field itself. */
function checkedString(problem: (s: string) => string | undefined) {
  return z.string().superRefine((s, ctx) => {
    const message = problem(s);
    if (message) ctx.addIssue({ code: 'custom', message });
  });
}

function wholeNumber(min: number, max: number) {
  const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`;
  const message = `must be a whole number ${range}`;
  return z.number().int(message).min(min, message).max(max, message);
}

const secretRef = checkedString((ref) => {
  const problem = checkSecretRef(ref);
  return problem ? `is not a secret reference: ${problem}` : undefined;
});

const httpUrl = checkedString(httpUrlProblem);

const globs = z
  .array(z.string().min(1, 'must not be empty'))
  .min(1, 'must list at least one glob')
  .default(DEFAULT_PATHS);

const remote = {
  ref: checkedString(gitRefProblem).default('main'),
  paths: globs,
  token: secretRef.optional(),
};

const sourceSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('git'), url: httpUrl, ...remote }),
  z.strictObject({
    type: z.literal('github'),
    url: checkedString((u) => repoUrlProblem('github', u)),
    ...remote,
  }),
  z.strictObject({
    type: z.literal('gitlab'),
    url: checkedString((u) => repoUrlProblem('gitlab', u)),
    ...remote,
  }),
  z.strictObject({
    type: z.literal('local'),
    path: z.string().min(1, 'must not be empty'),
    paths: globs,
  }),
]);

const tlsSchema = z.strictObject({
  ca: secretRef.optional(),
  clientCert: secretRef.optional(),
  clientKey: secretRef.optional(),
  skipVerify: z.boolean().default(false),
  servername: z.string().min(1, 'must not be empty').optional(),
});

/** APISIX label values: 1–256 characters, no whitespace (Admin API `labels` schema). */
const labelValue = z
  .string()
  .regex(/^\S{1,256}$/, 'must be 1–256 characters without whitespace (APISIX label rules)');

const resourceTypes = z
  .array(z.enum(RESOURCE_TYPES as [ResourceType, ...ResourceType[]]))
  .min(1, 'must list at least one resource type');

const targetSchema = z.strictObject({
  name: z
    .string()
    .regex(
      NAME,
      'must be 1–63 characters of a-z, 0-9, "-" or "_", starting with a letter or digit',
    ),
  backend: z.enum(['apisix', 'apisix-standalone']).default('apisix'),
  servers: z.array(httpUrl).min(1, 'must list at least one Admin API URL'),
  adminKey: secretRef.optional(),
  tls: tlsSchema.optional(),
  source: sourceSchema,
  webhook: z
    .strictObject({
      provider: z.enum(['github', 'gitlab', 'gitea', 'bitbucket']),
      secrets: z.array(secretRef).min(1, 'must list at least one secret reference'),
      branch: checkedString(gitRefProblem).optional(),
    })
    .optional(),
  labelSelector: z.record(z.string().min(1, 'label keys must not be empty'), labelValue).optional(),
  includeResourceTypes: resourceTypes.optional(),
  excludeResourceTypes: resourceTypes.optional(),
  prune: z.enum(['owned', 'all', 'none']).default('owned'),
  maxDeletes: wholeNumber(0, Number.MAX_SAFE_INTEGER).optional(),
  dryRun: z.boolean().default(false),
  concurrency: wholeNumber(1, 64).optional(),
  // Lambda's own ceiling is 15 minutes.
  timeoutMs: wholeNumber(1, 900_000).optional(),
});

const targetListSchema = z.array(targetSchema);

// Compile-time guard: the documented `Target` type and the schema's output stay identical.
type SchemaTarget = z.output<typeof targetSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesTarget: Same<SchemaTarget, Target> = true;
void schemaMatchesTarget;

export { DEFAULT_PATHS, targetListSchema, targetSchema };
