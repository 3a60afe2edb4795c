import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/props.js';
import { createStubAssets, SAMPLE_CONFIG, type StubAssets, synthTemplate } from './support.js';
import {
  actionsOf,
  arnText,
  environmentOf,
  findFunction,
  resourcesOf,
  resourcesOfType,
  roleIdOf,
  secretResourcesOf,
  statementsOf,
  statementsOfRole,
} from './template-queries.js';

const SM = '<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:';
const ADMIN_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:apisix-admin-AbCdEf';

let assets: StubAssets;
let template: Template;

beforeAll(() => {
  assets = createStubAssets();
  template = synthTemplate(SAMPLE_CONFIG, assets.dir);
});

afterAll(() => assets.remove());

describe('ApisyncStack (default: IAM-authorized sync API)', () => {
  it.each([
    ['AWS::Lambda::Function', 3],
    ['AWS::Logs::LogGroup', 3],
    ['AWS::ApiGatewayV2::Api', 1],
    ['AWS::ApiGatewayV2::Route', 4],
    ['AWS::ApiGatewayV2::Integration', 2],
    ['AWS::Scheduler::Schedule', 1],
    ['AWS::SQS::Queue', 1],
    ['AWS::Lambda::EventInvokeConfig', 1],
    ['AWS::CloudWatch::Alarm', 2],
    ['AWS::SecretsManager::Secret', 0],
  ])('synthesizes %s × %i', (type, count) => {
    template.resourceCountIs(type, count);
  });

  it.each(FUNCTION_NAMES)('runs %s on nodejs22.x arm64 from index.handler', (name) => {
    const [, fn] = findFunction(template, name);
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
    });
  });

  it.each([
    ['sync-api', 512, 29],
    ['reconcile', 1024, 300],
    ['git-webhook', 256, 10],
  ] as const)('gives %s %i MB and %i s by default', (name, memory, timeout) => {
    const [, fn] = findFunction(template, name);
    expect(fn.Properties).toMatchObject({ MemorySize: memory, Timeout: timeout });
  });

  it.each(FUNCTION_NAMES)('runs %s with the V8 flags of the CLI and the benchmarks', (name) => {
    expect(environmentOf(template, name).NODE_OPTIONS).toBe('--max-semi-space-size=4');
  });

  it.each(FUNCTION_NAMES)('sets the Powertools settings on %s', (name) => {
    expect(environmentOf(template, name)).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'apisync',
      POWERTOOLS_METRICS_NAMESPACE: 'apisync',
      POWERTOOLS_LOG_LEVEL: 'INFO',
    });
  });

  it.each(['reconcile', 'git-webhook'] as const)(
    'writes the targets to APISYNC_TARGETS of %s',
    (name) => {
      const targets = environmentOf(template, name).APISYNC_TARGETS;
      expect(JSON.parse(String(targets))).toEqual(SAMPLE_CONFIG.targets);
    },
  );

  it('tells git-webhook the reconcile function name', () => {
    const [reconcileId] = findFunction(template, 'reconcile');
    expect(environmentOf(template, 'git-webhook').APISYNC_RECONCILE_FUNCTION).toEqual({
      Ref: reconcileId,
    });
  });

  it('gives sync-api no bearer token setting in IAM mode', () => {
    expect(environmentOf(template, 'sync-api')).not.toHaveProperty('APISYNC_SYNC_API_TOKEN');
  });

  it.each([
    ['reconcile', 1],
    ['sync-api', undefined],
    ['git-webhook', undefined],
  ] as const)('reserves concurrency of %s: %s', (name, reserved) => {
    const [, fn] = findFunction(template, name);
    expect(fn.Properties.ReservedConcurrentExecutions).toBe(reserved);
  });

  it('sends failed asynchronous reconcile invocations to the SQS queue', () => {
    const [reconcileId] = findFunction(template, 'reconcile');
    const [queueId] = Object.keys(resourcesOfType(template, 'AWS::SQS::Queue'));
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: reconcileId },
      MaximumRetryAttempts: 2,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [queueId, 'Arn'] } } },
    });
  });

  it.each([
    ['PUT /sync', 'AWS_IAM'],
    ['PUT /validate', 'AWS_IAM'],
    ['GET /healthz/ready', 'AWS_IAM'],
    ['POST /webhook/{target}', 'NONE'],
  ])('routes %s with authorization %s', (routeKey, authorizationType) => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: routeKey,
      AuthorizationType: authorizationType,
    });
  });

  it('invokes reconcile every 5 minutes with a scheduled-event input', () => {
    const [reconcileId] = findFunction(template, 'reconcile');
    const schedule = Object.values(resourcesOfType(template, 'AWS::Scheduler::Schedule'))[0];
    const target = schedule?.Properties.Target as { Arn: unknown; Input: string };
    expect(schedule?.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [reconcileId, 'Arn'] });
    expect(JSON.parse(target.Input)).toMatchObject({
      'detail-type': 'Scheduled Event',
      detail: {},
    });
  });

  it('lets reconcile read exactly the gateway and source secrets', () => {
    expect(secretResourcesOf(template, 'reconcile')).toEqual(
      [
        ADMIN_ARN,
        `${ADMIN_ARN}-??????`,
        `arn:${SM}apisync/prod/ca-??????`,
        `arn:${SM}gh/token-??????`,
      ].sort(),
    );
  });

  it('lets git-webhook read exactly the webhook secrets', () => {
    expect(secretResourcesOf(template, 'git-webhook')).toEqual([`arn:${SM}gh/webhook-??????`]);
  });

  it('gives sync-api no secret access in IAM mode', () => {
    expect(secretResourcesOf(template, 'sync-api')).toEqual([]);
  });

  it('never grants a Secrets Manager action on "*"', () => {
    const statements = FUNCTION_NAMES.flatMap((name) => statementsOf(template, name));
    const secretStatements = statements.filter((s) =>
      actionsOf(s).some((a) => a.startsWith('secretsmanager:')),
    );
    expect(secretStatements.length).toBeGreaterThan(0);
    for (const statement of secretStatements) {
      expect(actionsOf(statement)).toEqual(['secretsmanager:GetSecretValue']);
      expect(resourcesOf(statement).map(arnText)).not.toContain('*');
    }
  });

  it('grants lambda:InvokeFunction on reconcile to git-webhook and the scheduler only', () => {
    const [reconcileId] = findFunction(template, 'reconcile');
    const invokers = Object.keys(resourcesOfType(template, 'AWS::IAM::Role')).filter((roleId) =>
      statementsOfRole(template, roleId).some((s) =>
        actionsOf(s).includes('lambda:InvokeFunction'),
      ),
    );
    const webhookRole = roleIdOf(template, 'git-webhook');
    expect(invokers).toHaveLength(2);
    expect(invokers).toContain(webhookRole);
    expect(invokers.find((id) => id !== webhookRole)).toMatch(/^SchedulerRole/);
    const invoke = statementsOf(template, 'git-webhook').find((s) =>
      actionsOf(s).includes('lambda:InvokeFunction'),
    );
    expect(resourcesOf(invoke!)).toContainEqual({ 'Fn::GetAtt': [reconcileId, 'Arn'] });
  });

  it.each(FUNCTION_NAMES)('grants %s nothing beyond its secrets, invoke and queue', (name) => {
    const allowed = new Set<string>([
      'secretsmanager:GetSecretValue',
      ...(name === 'git-webhook' ? ['lambda:InvokeFunction'] : []),
      ...(name === 'reconcile'
        ? ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl']
        : []),
    ]);
    const actions = statementsOf(template, name as FunctionName).flatMap(actionsOf);
    expect(actions.filter((a) => !allowed.has(a))).toEqual([]);
  });

  it('alarms on SyncFailed across every dimension of the namespace', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [Match.objectLike({ Expression: 'SELECT SUM(SyncFailed) FROM "apisync"' })],
    });
  });

  it('alarms when a failed async invocation reaches the failure queue', () => {
    const [queueId] = Object.keys(resourcesOfType(template, 'AWS::SQS::Queue'));
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
    });
  });

  it('keeps logs for the configured retention', () => {
    const groups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));
    expect(groups.map((g) => g.Properties.RetentionInDays)).toEqual([30, 30, 30]);
  });

  it('holds secret references only, never a resolved value', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).not.toContain('{{resolve:secretsmanager');
    expect(text).not.toContain('SecretString');
    expect(text).toContain('gh/webhook#current');
  });

  it('outputs the API URL and the webhook URL', () => {
    template.hasOutput('ApiUrl', {});
    template.hasOutput('WebhookUrl', {});
  });
});
