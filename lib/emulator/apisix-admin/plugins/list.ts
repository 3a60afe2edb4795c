/**
 * The enabled plugin names in APISIX's own order (`GET /apisix/admin/plugins/list`), as recorded
 * from 3.13.0 and 3.18.0; plugins whose dependencies were missing in the recording environment
 * (ai-proxy, ai-proxy-multi, saml-auth, content-moderation) are inserted where they load.
 */
import { atLeast } from '../version.js';

const LIST_3_13 = [
  'real-ip', 'ai', 'client-control', 'proxy-control', 'request-id', 'zipkin',
  'ext-plugin-pre-req', 'fault-injection', 'mocking', 'serverless-pre-function', 'cors',
  'ip-restriction', 'ua-restriction', 'referer-restriction', 'csrf', 'uri-blocker',
  'request-validation', 'chaitin-waf', 'multi-auth', 'openid-connect', 'cas-auth',
  'authz-casbin', 'authz-casdoor', 'wolf-rbac', 'ldap-auth', 'hmac-auth', 'basic-auth',
  'jwt-auth', 'jwe-decrypt', 'key-auth', 'consumer-restriction', 'attach-consumer-label',
  'forward-auth', 'opa', 'authz-keycloak', 'proxy-cache', 'body-transformer',
  'ai-request-rewrite', 'ai-aws-content-moderation', 'ai-prompt-guard', 'ai-prompt-template',
  'ai-prompt-decorator', 'ai-rag', 'ai-proxy-multi', 'ai-proxy', 'ai-rate-limiting',
  'proxy-mirror', 'proxy-rewrite', 'workflow', 'api-breaker', 'limit-conn', 'limit-count',
  'limit-req', 'gzip', 'traffic-split', 'redirect', 'response-rewrite', 'mcp-bridge',
  'degraphql', 'kafka-proxy', 'grpc-transcode', 'grpc-web', 'http-dubbo', 'public-api',
  'prometheus', 'datadog', 'lago', 'loki-logger', 'elasticsearch-logger', 'echo', 'loggly',
  'http-logger', 'splunk-hec-logging', 'skywalking-logger', 'google-cloud-logging', 'sls-logger',
  'tcp-logger', 'kafka-logger', 'rocketmq-logger', 'syslog', 'udp-logger', 'file-logger',
  'clickhouse-logger', 'tencent-cloud-cls', 'inspect', 'example-plugin', 'aws-lambda',
  'azure-functions', 'openwhisk', 'openfunction', 'serverless-post-function',
  'ext-plugin-post-req', 'ext-plugin-post-resp',
];

const LIST_3_18 = [
  'real-ip', 'ai', 'client-control', 'proxy-buffering', 'proxy-control', 'request-id', 'zipkin',
  'ext-plugin-pre-req', 'fault-injection', 'mocking', 'serverless-pre-function', 'cors',
  'ip-restriction', 'ua-restriction', 'referer-restriction', 'csrf', 'uri-blocker',
  'request-validation', 'chaitin-waf', 'multi-auth', 'openid-connect', 'cas-auth', 'saml-auth',
  'authz-casbin', 'authz-casdoor', 'wolf-rbac', 'ldap-auth-advanced', 'ldap-auth', 'hmac-auth',
  'basic-auth', 'jwt-auth', 'jwe-decrypt', 'key-auth', 'dingtalk-auth', 'feishu-auth', 'acl',
  'consumer-restriction', 'attach-consumer-label', 'forward-auth', 'opa', 'authz-keycloak',
  'data-mask', 'proxy-cache', 'body-transformer', 'ai-request-rewrite',
  'ai-aws-content-moderation', 'ai-aliyun-content-moderation', 'ai-prompt-guard',
  'ai-prompt-template', 'ai-prompt-decorator', 'ai-rag', 'ai-proxy-multi', 'ai-proxy',
  'ai-cache', 'ai-rate-limiting', 'ai-lakera-guard', 'proxy-mirror', 'graphql-proxy-cache',
  'proxy-rewrite', 'workflow', 'api-breaker', 'graphql-limit-count', 'limit-conn', 'limit-count',
  'limit-req', 'gzip', 'traffic-label', 'traffic-split', 'redirect', 'response-rewrite',
  'oas-validator', 'mcp-bridge', 'degraphql', 'kafka-proxy', 'grpc-transcode', 'grpc-web',
  'http-dubbo', 'public-api', 'prometheus', 'datadog', 'lago', 'loki-logger',
  'elasticsearch-logger', 'echo', 'loggly', 'http-logger', 'splunk-hec-logging',
  'skywalking-logger', 'google-cloud-logging', 'sls-logger', 'tcp-logger', 'kafka-logger',
  'rocketmq-logger', 'syslog', 'udp-logger', 'file-logger', 'clickhouse-logger',
  'tencent-cloud-cls', 'inspect', 'example-plugin', 'aws-lambda', 'azure-functions', 'openwhisk',
  'openfunction', 'serverless-post-function', 'ext-plugin-post-req', 'ext-plugin-post-resp',
];

const STREAM_PLUGINS = ['ip-restriction', 'limit-conn', 'mqtt-proxy', 'syslog', 'prometheus'];

/**
 * The enabled HTTP plugins of `version`.
 *
 * @example
 * ```ts
 * pluginNames('3.18.0')[0]; // 'real-ip'
 * ```
 */
function pluginNames(version: string): readonly string[] {
  return atLeast(version, '3.14.0') ? LIST_3_18 : LIST_3_13;
}

export { pluginNames, STREAM_PLUGINS };
