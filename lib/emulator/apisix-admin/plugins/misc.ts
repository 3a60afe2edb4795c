/** Compression, circuit breaking, blocking and serverless plugins. */
import { arr, bool, int, obj, oneOfStr, str } from './helpers.js';
import type { PluginFactory } from './types.js';

const gzip: PluginFactory = () => ({
  name: 'gzip',
  priority: 995,
  schema: obj({
    types: {
      anyOf: [arr(str({ minLength: 1 }), { minItems: 1, uniqueItems: true }), { enum: ['*'] }],
      default: ['text/html'],
    },
    min_length: int({ minimum: 1, default: 20 }),
    comp_level: int({ minimum: 1, maximum: 9, default: 1 }),
    http_version: { enum: [1.1, 1.0], default: 1.1 },
    buffers: {
      ...obj({
        number: int({ minimum: 1, default: 32 }),
        size: int({ minimum: 1, default: 4096 }),
      }),
      default: { number: 32, size: 4096 },
    },
    vary: bool(),
  }),
});

const statusList = (def: number[]) =>
  arr(int({ minimum: 200, maximum: 599 }), { minItems: 1, uniqueItems: true, default: def });
const apiBreaker: PluginFactory = () => ({
  name: 'api-breaker',
  priority: 1005,
  schema: obj(
    {
      break_response_code: int({ minimum: 200, maximum: 599 }),
      break_response_body: str(),
      break_response_headers: arr(
        obj({ key: str({ minLength: 1 }), value: str({ minLength: 1 }) }, ['key', 'value']),
      ),
      max_breaker_sec: int({ minimum: 3, default: 300 }),
      unhealthy: {
        ...obj({ http_statuses: statusList([500]), failures: int({ minimum: 1, default: 3 }) }),
        default: { http_statuses: [500], failures: 3 },
      },
      healthy: {
        ...obj({ http_statuses: statusList([200]), successes: int({ minimum: 1, default: 3 }) }),
        default: { http_statuses: [200], successes: 3 },
      },
    },
    ['break_response_code'],
  ),
});

const uriBlocker: PluginFactory = () => ({
  name: 'uri-blocker',
  priority: 2900,
  schema: obj(
    {
      block_rules: arr(str({ minLength: 1, maxLength: 4096 }), { uniqueItems: true }),
      rejected_code: int({ minimum: 200, default: 403 }),
      rejected_msg: str({ minLength: 1 }),
      case_insensitive: bool(false),
    },
    ['block_rules'],
  ),
});

const serverlessPre: PluginFactory = () => ({
  name: 'serverless-pre-function',
  priority: 10000,
  schema: obj(
    {
      phase: oneOfStr(
        ['rewrite', 'access', 'header_filter', 'body_filter', 'log', 'before_proxy'],
        'access',
      ),
      functions: arr(str(), { minItems: 1 }),
    },
    ['functions'],
  ),
});

const MISC_PLUGINS = [gzip, apiBreaker, uriBlocker, serverlessPre];

export { MISC_PLUGINS };
