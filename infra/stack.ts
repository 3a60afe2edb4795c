/**
 * The whole apisync deployment in one stack: three functions from the prebuilt bundles, the
 * HTTP API, the reconcile schedule, the on-failure queue, alarms and outputs.
 *
 * @example
 * ```ts
 * const app = new App();
 * new ApisyncStack(app, 'Apisync', { config: parseDeployConfig(json) });
 * app.synth();
 * ```
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApisyncAlarms } from './alarms.js';
import { ApisyncFunctions } from './functions.js';
import { ApisyncHttpApi } from './http-api.js';
import type { DeployConfig } from './props.js';
import { ReconcileSchedule } from './schedule.js';

/** `dist/` at the repository root, where `npm run build` writes the bundles. */
const DEFAULT_ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

interface ApisyncStackProps extends StackProps {
  /** The validated deployment configuration (`parseDeployConfig`). */
  readonly config: DeployConfig;
  /** Folder with `<function>/index.mjs`; defaults to the repository's `dist/`. */
  readonly assetsDir?: string;
}

class ApisyncStack extends Stack {
  readonly functions: ApisyncFunctions;
  readonly httpApi: ApisyncHttpApi;

  constructor(scope: Construct, id: string, props: ApisyncStackProps) {
    super(scope, id, {
      description: 'apisync: keeps Apache APISIX gateways in sync with ADC configuration',
      ...props,
    });
    const { config } = props;
    this.functions = new ApisyncFunctions(this, 'Functions', {
      config,
      assetsDir: props.assetsDir ?? DEFAULT_ASSETS_DIR,
    });
    const { syncApi, reconcile, gitWebhook, failureQueue } = this.functions;
    this.httpApi = new ApisyncHttpApi(this, 'Api', {
      syncApi,
      gitWebhook,
      auth: config.syncApiAuth,
    });
    new ReconcileSchedule(this, 'Reconcile', {
      reconcile,
      rateMinutes: config.scheduleRateMinutes,
      deadLetterQueue: failureQueue,
    });
    new ApisyncAlarms(this, 'Alarms', {
      namespace: config.metricsNamespace,
      failureQueue,
      ...(config.alarmTopicArn === undefined ? {} : { topicArn: config.alarmTopicArn }),
    });
    this.addOutputs();
  }

  private addOutputs(): void {
    const { apiEndpoint } = this.httpApi.api;
    new CfnOutput(this, 'ApiUrl', { value: apiEndpoint, description: 'Base URL of PUT /sync' });
    new CfnOutput(this, 'WebhookUrl', {
      value: `${apiEndpoint}/webhook/<target>`,
      description: 'Payload URL for the git host; replace <target> with a target name',
    });
    new CfnOutput(this, 'ReconcileFunctionName', {
      value: this.functions.reconcile.functionName,
    });
    new CfnOutput(this, 'FailureQueueUrl', { value: this.functions.failureQueue.queueUrl });
  }
}

export type { ApisyncStackProps };
export { ApisyncStack, DEFAULT_ASSETS_DIR };
