/**
 * Alarms an operator needs to trust an unattended reconciler:
 * - `SyncFailed` > 0 in the configured namespace, summed over every dimension set (the
 *   functions add `service` and `target` dimensions), through a Metrics Insights query so a new
 *   target is covered without redeploying;
 * - failed asynchronous reconcile invocations: any message in the on-failure queue.
 *
 * @example
 * ```ts
 * new ApisyncAlarms(stack, 'Alarms', { namespace: 'apisync', failureQueue, topicArn });
 * ```
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

interface ApisyncAlarmsProps {
  readonly namespace: string;
  readonly failureQueue: sqs.IQueue;
  /** Optional SNS topic notified on ALARM and OK. */
  readonly topicArn?: string;
}

class ApisyncAlarms extends Construct {
  readonly syncFailed: cloudwatch.Alarm;
  readonly asyncFailures: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ApisyncAlarmsProps) {
    super(scope, id);
    const namespace = props.namespace.replaceAll('"', '');
    this.syncFailed = new cloudwatch.Alarm(this, 'SyncFailed', {
      alarmDescription: `apisync: at least one sync failed (metric SyncFailed in ${namespace})`,
      metric: new cloudwatch.MathExpression({
        expression: `SELECT SUM(SyncFailed) FROM "${namespace}"`,
        period: Duration.minutes(5),
        label: 'SyncFailed',
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.asyncFailures = new cloudwatch.Alarm(this, 'AsyncInvokeFailures', {
      alarmDescription:
        'apisync: an asynchronous reconcile invocation failed after retries (see the failure queue)',
      metric: props.failureQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    if (props.topicArn !== undefined) {
      const action = new SnsAction(sns.Topic.fromTopicArn(this, 'Topic', props.topicArn));
      for (const alarm of [this.syncFailed, this.asyncFailures]) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}

export type { ApisyncAlarmsProps };
export { ApisyncAlarms };
