import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStubAssets, SAMPLE_CONFIG, type StubAssets, synthTemplate } from './support.js';
import {
  environmentOf,
  findFunction,
  resourcesOfType,
  secretResourcesOf,
} from './template-queries.js';

const SM = '<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:apisync-alarms';

let assets: StubAssets;

beforeAll(() => {
  assets = createStubAssets();
});

afterAll(() => assets.remove());

describe('ApisyncStack (bearer-token sync API and non-default settings)', () => {
  let template: Template;

  beforeAll(() => {
    template = synthTemplate(
      {
        ...SAMPLE_CONFIG,
        syncApiAuth: 'bearer',
        syncApiTokenSecret: 'apisync/sync-api-token#token',
        secrets: ['apisync/shared-ca'],
        scheduleRateMinutes: 15,
        logRetentionDays: 90,
        logLevel: 'DEBUG',
        metricsNamespace: 'acme/apisync',
        alarmTopicArn: TOPIC,
        functions: { reconcile: { memoryMb: 2048, timeoutSeconds: 600 } },
      },
      assets.dir,
    );
  });

  it.each([
    ['PUT /sync', 'NONE'],
    ['PUT /validate', 'NONE'],
    ['GET /healthz/ready', 'NONE'],
    ['POST /webhook/{target}', 'NONE'],
  ])('routes %s with authorization %s', (routeKey, authorizationType) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: authorizationType,
    });
  });

  it('passes the token secret to sync-api as a reference, not a value', () => {
    expect(environmentOf(template, 'sync-api').APISYNC_SYNC_API_TOKEN).toBe(
      'apisync/sync-api-token#token',
    );
  });

  it('lets sync-api read the token secret and the shared secrets only', () => {
    expect(secretResourcesOf(template, 'sync-api')).toEqual([
      `arn:${SM}apisync/shared-ca-??????`,
      `arn:${SM}apisync/sync-api-token-??????`,
    ]);
  });

  it('adds the shared secrets to reconcile but not to git-webhook', () => {
    expect(secretResourcesOf(template, 'reconcile')).toContain(`arn:${SM}apisync/shared-ca-??????`);
    expect(secretResourcesOf(template, 'git-webhook')).not.toContain(
      `arn:${SM}apisync/shared-ca-??????`,
    );
  });

  it('schedules reconcile at the configured rate', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(15 minutes)',
    });
  });

  it('applies the configured retention, log level, memory and timeout', () => {
    const groups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    expect(groups.map((g) => g.Properties.RetentionInDays)).toEqual([90, 90, 90]);
    expect(environmentOf(template, 'reconcile').POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    const [, reconcile] = findFunction(template, 'reconcile');
    expect(reconcile.Properties).toMatchObject({ MemorySize: 2048, Timeout: 600 });
  });

  it('queries SyncFailed in the configured namespace and notifies the topic', () => {
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'));
    const expressions = alarms.flatMap((a) =>
      ((a.Properties.Metrics as Array<{ Expression?: string }> | undefined) ?? []).map(
        (m) => m.Expression,
      ),
    );
    expect(expressions).toContain('SELECT SUM(SyncFailed) FROM "acme/apisync"');
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([TOPIC]);
      expect(alarm.Properties.OKActions).toEqual([TOPIC]);
    }
  });
});

describe('ApisyncStack (limits)', () => {
  it('refuses targets that would overflow the 4 KB Lambda environment', () => {
    // Prepare: 40 targets with long server URLs, about 6 KB of JSON.
    const targets = Array.from({ length: 40 }, (_, i) => ({
      name: `gateway-${i}`,
      servers: [`https://apisix-admin-${i}.a-rather-long-internal-domain.example.com:9180`],
    }));
    // Act / Assess
    expect(() => synthTemplate({ targets }, assets.dir)).toThrow(/environment of reconcile/);
  });

  it('synthesizes with no targets (the schedule then reconciles nothing)', () => {
    const template = synthTemplate({ targets: [] }, assets.dir);
    template.resourceCountIs('AWS::Lambda::Function', 3);
    expect(secretResourcesOf(template, 'reconcile')).toEqual([]);
  });
});
