/**
 * The three Lambda functions, built from the prebuilt esbuild bundles in `dist/<name>/`
 * (`npm run build`), each with its own log group, and IAM scoped to the secrets it names.
 *
 * @example
 * ```ts
 * const fns = new ApisyncFunctions(stack, 'Functions', { config, assetsDir: 'dist' });
 * fns.reconcile.functionName;
 * ```
 */
import { join } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { NODE_RUNTIME_FLAGS } from '../scripts/node-flags.mjs';
import { type DeployConfig, type FunctionName, functionSettings } from './props.js';
import { secretIdsFor, secretResourceArns } from './secret-refs.js';

/** Lambda caps all environment variables of a function at 4 KB together. */
const LAMBDA_ENV_LIMIT_BYTES = 4096;

interface ApisyncFunctionsProps {
  readonly config: DeployConfig;
  /** Folder holding `<name>/index.mjs` for each function (the esbuild output). */
  readonly assetsDir: string;
}

const DESCRIPTIONS: Record<FunctionName, string> = {
  'sync-api': 'apisync: PUT /sync and /validate (ADC server mode), health',
  reconcile: 'apisync: scheduled and webhook-triggered reconcile from git',
  'git-webhook': 'apisync: verifies git pushes and hands them to reconcile',
};

class ApisyncFunctions extends Construct {
  readonly syncApi: lambda.Function;
  readonly reconcile: lambda.Function;
  readonly gitWebhook: lambda.Function;
  /** Where asynchronous reconcile invocations land once Lambda's retries are exhausted. */
  readonly failureQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ApisyncFunctionsProps) {
    super(scope, id);
    const { config } = props;
    this.failureQueue = new sqs.Queue(this, 'ReconcileFailures', {
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
    });
    const targets = JSON.stringify(config.targets);

    this.reconcile = this.createFunction(
      'reconcile',
      props,
      { APISYNC_TARGETS: targets },
      {
        // Two reconciles of one gateway must never interleave their writes.
        reservedConcurrentExecutions: 1,
        onFailure: new SqsDestination(this.failureQueue),
        retryAttempts: 2,
        // A webhook event older than an hour is superseded by the schedule anyway.
        maxEventAge: Duration.hours(1),
      },
    );
    this.gitWebhook = this.createFunction('git-webhook', props, {
      APISYNC_TARGETS: targets,
      APISYNC_RECONCILE_FUNCTION: this.reconcile.functionName,
    });
    const token = config.syncApiAuth === 'bearer' ? config.syncApiTokenSecret : undefined;
    this.syncApi = this.createFunction(
      'sync-api',
      props,
      token === undefined ? {} : { APISYNC_SYNC_API_TOKEN: token },
    );
    this.reconcile.grantInvoke(this.gitWebhook);
  }

  private createFunction(
    name: FunctionName,
    { config, assetsDir }: ApisyncFunctionsProps,
    extraEnv: Record<string, string>,
    extraProps: Partial<lambda.FunctionProps> = {},
  ): lambda.Function {
    const settings = functionSettings(config, name);
    const id = pascal(name);
    const logGroup = new logs.LogGroup(this, `${id}Logs`, {
      retention: config.logRetentionDays as logs.RetentionDays,
    });
    const environment = {
      // The V8 flags every apisync process runs with (esbuild.config.mjs explains them).
      NODE_OPTIONS: NODE_RUNTIME_FLAGS.join(' '),
      POWERTOOLS_SERVICE_NAME: config.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: config.metricsNamespace,
      POWERTOOLS_LOG_LEVEL: config.logLevel,
      ...extraEnv,
    };
    checkEnvironmentSize(name, environment);
    const fn = new lambda.Function(this, id, {
      description: DESCRIPTIONS[name],
      code: lambda.Code.fromAsset(join(assetsDir, name), { exclude: ['meta.json'] }),
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: settings.memoryMb,
      timeout: Duration.seconds(settings.timeoutSeconds),
      logGroup,
      environment,
      ...extraProps,
    });
    grantSecrets(fn, secretIdsFor(config, name));
    return fn;
  }
}

/** `secretsmanager:GetSecretValue` on exactly the named secrets; nothing when there are none. */
function grantSecrets(fn: lambda.Function, ids: readonly string[]): void {
  if (ids.length === 0) return;
  const stack = Stack.of(fn);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: ids.flatMap((id) => secretResourceArns(id, stack)),
    }),
  );
}

/** Fails synth (not the deploy) when the targets JSON would not fit in Lambda's env limit. */
function checkEnvironmentSize(name: FunctionName, env: Record<string, string>): void {
  // Tokens (e.g. the reconcile function name) are short placeholders here; the margin covers them.
  const bytes = Object.entries(env).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  if (bytes > LAMBDA_ENV_LIMIT_BYTES - 256) {
    throw new Error(
      `The environment of ${name} would be ${bytes} bytes; Lambda allows ${LAMBDA_ENV_LIMIT_BYTES} ` +
        'in total. Shorten the targets (drop defaults, shorter secret references) or split the deployment.',
    );
  }
}

function pascal(name: string): string {
  return name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

export type { ApisyncFunctionsProps };
export { ApisyncFunctions };
