/**
 * The HTTP API (API Gateway v2) in front of sync-api and git-webhook.
 *
 * - `PUT /sync`, `PUT /validate`, `GET /healthz/ready` → sync-api. IAM (SigV4) authorization by
 *   default; in bearer mode the routes are open at the gateway and the function checks
 *   `Authorization: Bearer` against the token secret.
 * - `POST /webhook/{target}` → git-webhook, open: git hosts cannot sign with SigV4, and the
 *   function verifies each provider's HMAC or token on the raw body.
 *
 * @example
 * ```ts
 * const api = new ApisyncHttpApi(stack, 'Api', { syncApi, gitWebhook, auth: 'iam' });
 * api.api.apiEndpoint;
 * ```
 */
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpIamAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

interface ApisyncHttpApiProps {
  readonly syncApi: lambda.IFunction;
  readonly gitWebhook: lambda.IFunction;
  readonly auth: 'iam' | 'bearer';
}

/** The sync-api routes, in the order they are declared. */
const SYNC_API_ROUTES: ReadonlyArray<{ path: string; method: apigw.HttpMethod }> = [
  { path: '/sync', method: apigw.HttpMethod.PUT },
  { path: '/validate', method: apigw.HttpMethod.PUT },
  { path: '/healthz/ready', method: apigw.HttpMethod.GET },
];

class ApisyncHttpApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: ApisyncHttpApiProps) {
    super(scope, id);
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      description: 'apisync: ADC server-mode sync API and git webhooks',
      createDefaultStage: true,
    });
    const syncIntegration = new HttpLambdaIntegration('SyncApi', props.syncApi);
    const authorizer =
      props.auth === 'iam' ? new HttpIamAuthorizer() : new apigw.HttpNoneAuthorizer();
    for (const route of SYNC_API_ROUTES) {
      this.api.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: syncIntegration,
        authorizer,
      });
    }
    this.api.addRoutes({
      path: '/webhook/{target}',
      methods: [apigw.HttpMethod.POST],
      integration: new HttpLambdaIntegration('GitWebhook', props.gitWebhook),
      authorizer: new apigw.HttpNoneAuthorizer(),
    });
  }
}

export type { ApisyncHttpApiProps };
export { ApisyncHttpApi, SYNC_API_ROUTES };
