/**
 * The deployment configuration of the apisync stack: what a user writes in `deploy.json`
 * (plain JSON, so it can live next to their gateway config) and what `ApisyncStack` takes.
 *
 * Validated with zod at synth time, so a typo fails `cdk synth` with the field's path instead
 * of deploying a function that crashes on its first event.
 *
 * @example
 * ```ts
 * const config = parseDeployConfig(JSON.parse(readFileSync('deploy.json', 'utf8')));
 * new ApisyncStack(app, 'Apisync', { ...config });
 * ```
 */
import * as z from 'zod';

/** The three Lambda functions, named as their folders under `functions/` and `dist/`. */
const FUNCTION_NAMES = ['sync-api', 'reconcile', 'git-webhook'] as const;
type FunctionName = (typeof FUNCTION_NAMES)[number];

/** CloudWatch Logs accepts only these retention periods (days). */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const functionSettingsSchema = z.strictObject({
  memoryMb: z.number().int().min(128).max(10_240).optional(),
  timeoutSeconds: z.number().int().min(1).max(900).optional(),
});

/**
 * One target as the functions read it from `APISYNC_TARGETS` (shape in DESIGN.md). The infra
 * only needs `name` and the secret references; every other field is passed through untouched
 * and validated by `lib/targets` at runtime.
 */
const targetSchema = z.looseObject({
  name: z.string().min(1),
  adminKey: z.string().optional(),
  tls: z
    .looseObject({
      ca: z.string().optional(),
      clientCert: z.string().optional(),
      clientKey: z.string().optional(),
    })
    .optional(),
  source: z.looseObject({ token: z.string().optional() }).optional(),
  webhook: z.looseObject({ secrets: z.array(z.string()).optional() }).optional(),
});

const deployConfigSchema = z
  .strictObject({
    targets: z.array(targetSchema),
    scheduleRateMinutes: z.number().int().min(1).max(1440).default(5),
    secrets: z.array(z.string().min(1)).default([]),
    syncApiAuth: z.enum(['iam', 'bearer']).default('iam'),
    syncApiTokenSecret: z.string().min(1).optional(),
    logRetentionDays: z
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    serviceName: z.string().min(1).default('apisync'),
    metricsNamespace: z.string().min(1).default('apisync'),
    alarmTopicArn: z.string().startsWith('arn:').optional(),
    functions: z
      .strictObject({
        'sync-api': functionSettingsSchema.optional(),
        reconcile: functionSettingsSchema.optional(),
        'git-webhook': functionSettingsSchema.optional(),
      })
      .default({}),
  })
  .superRefine((config, ctx) => {
    if (config.syncApiAuth === 'bearer' && config.syncApiTokenSecret === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['syncApiTokenSecret'],
        message: 'is required when syncApiAuth is "bearer" (a Secrets Manager name or ARN)',
      });
    }
    const seen = new Set<string>();
    config.targets.forEach((target, index) => {
      if (seen.has(target.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['targets', index, 'name'],
          message: `duplicate target name "${target.name}"`,
        });
      }
      seen.add(target.name);
    });
  });

/** What a user writes in `deploy.json` (defaults optional). */
type DeployConfigInput = z.input<typeof deployConfigSchema>;
/** The configuration after defaults: what the stack builds from. */
type DeployConfig = z.output<typeof deployConfigSchema>;
type DeployTarget = z.output<typeof targetSchema>;
type FunctionSettings = z.output<typeof functionSettingsSchema>;

/** Defaults per function: sync-api stays under API Gateway's 30 s integration limit. */
const FUNCTION_DEFAULTS: Record<FunctionName, Required<FunctionSettings>> = {
  'sync-api': { memoryMb: 512, timeoutSeconds: 29 },
  reconcile: { memoryMb: 1024, timeoutSeconds: 300 },
  'git-webhook': { memoryMb: 256, timeoutSeconds: 10 },
};

/**
 * Validates a deployment configuration and fills in defaults.
 *
 * @throws Error listing every invalid field as `path: message`.
 * @example
 * ```ts
 * const config = parseDeployConfig({ targets: [{ name: 'prod', adminKey: 'apisix/prod#key' }] });
 * config.scheduleRateMinutes; // 5
 * ```
 */
function parseDeployConfig(input: unknown, origin = 'deploy config'): DeployConfig {
  const result = deployConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `  ${path}: ${issue.message}`;
  });
  throw new Error(`Invalid ${origin}:\n${lines.join('\n')}`);
}

/**
 * Memory and timeout of one function: the configured values over the defaults.
 *
 * @example
 * ```ts
 * functionSettings(config, 'reconcile'); // { memoryMb: 1024, timeoutSeconds: 300 }
 * ```
 */
function functionSettings(config: DeployConfig, name: FunctionName): Required<FunctionSettings> {
  return { ...FUNCTION_DEFAULTS[name], ...config.functions[name] };
}

export type { DeployConfig, DeployConfigInput, DeployTarget, FunctionName, FunctionSettings };
export {
  FUNCTION_DEFAULTS,
  FUNCTION_NAMES,
  functionSettings,
  LOG_RETENTION_DAYS,
  parseDeployConfig,
};
