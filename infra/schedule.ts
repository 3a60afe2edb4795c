/**
 * The EventBridge Scheduler schedule that runs `reconcile` every few minutes.
 *
 * Scheduler sends only the input it is given, so the input mirrors an EventBridge scheduled
 * event (`detail-type: "Scheduled Event"`, `detail: {}`), with the execution id and scheduled
 * time filled in by Scheduler: the handler recognises one shape whichever service fires it.
 *
 * @example
 * ```ts
 * new ReconcileSchedule(stack, 'Schedule', { reconcile, rateMinutes: 5, deadLetterQueue });
 * ```
 */
import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

interface ReconcileScheduleProps {
  readonly reconcile: lambda.IFunction;
  readonly rateMinutes: number;
  /** Receives schedule firings Scheduler could not deliver to Lambda. */
  readonly deadLetterQueue: sqs.IQueue;
}

class ReconcileSchedule extends Construct {
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: ReconcileScheduleProps) {
    super(scope, id);
    const ctx = scheduler.ContextAttribute;
    const input = scheduler.ScheduleTargetInput.fromObject({
      version: '0',
      id: ctx.executionId,
      'detail-type': 'Scheduled Event',
      source: 'aws.scheduler',
      time: ctx.scheduledTime,
      resources: [ctx.scheduleArn],
      detail: {},
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `apisync: reconcile every target every ${props.rateMinutes} minute(s)`,
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(props.rateMinutes)),
      target: new LambdaInvoke(props.reconcile, {
        input,
        deadLetterQueue: props.deadLetterQueue,
        // A missed run is superseded by the next one; do not pile up stale firings.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(Math.max(1, props.rateMinutes)),
      }),
    });
  }
}

export type { ReconcileScheduleProps };
export { ReconcileSchedule };
