/**
 * Resource IDs exactly as ADC 0.28 derives them (`reference/adc.md` §3.5), so ADC and apisync
 * address the same Admin API objects. A custom `id` always wins.
 *
 * @example
 * ```ts
 * serviceId({ name: 'httpbin' }); // '1cce0451c1506aebd20dc38421c5cc856493e694'
 * routeId({ name: 'httpbin' }, { name: 'get' }); // sha1('httpbin.get')
 * ```
 */
import * as nodeCrypto from 'node:crypto';

/**
 * Hex SHA-1 of a string: ADC's `generateId`.
 *
 * @example
 * ```ts
 * sha1('httpbin'); // '1cce0451c1506aebd20dc38421c5cc856493e694'
 * ```
 */
const sha1: (text: string) => string =
  // Node ≥ 20.12's one-shot `crypto.hash` (no Hash object per ID: thousands per sync), else
  // the streaming API. A namespace import: a named one would not link on an older Node 20.
  typeof nodeCrypto.hash === 'function'
    ? (text) => nodeCrypto.hash('sha1', text, 'hex')
    : (text) => nodeCrypto.createHash('sha1').update(text).digest('hex');

interface Named {
  name: string;
  id?: string;
}

/**
 * Service id: custom `id`, else sha1 of the name.
 *
 * @example
 * ```ts
 * serviceId({ name: 'httpbin', id: 'svc-1' }); // 'svc-1'
 * ```
 */
const serviceId = (service: Named): string => service.id ?? sha1(service.name);

/**
 * Nested id under a service (route, stream route, named upstream): custom `id`, else
 * sha1 of `<service name>.<name>`. The service's *name* is used even when it has a custom id.
 *
 * @example
 * ```ts
 * routeId({ name: 'httpbin' }, { name: 'get' }) === sha1('httpbin.get'); // true
 * ```
 */
const routeId = (service: { name: string }, child: Named): string =>
  child.id ?? sha1(`${service.name}.${child.name}`);

/**
 * Credential id: custom `id`, else sha1 of `<username>.<credential name>`.
 *
 * @example
 * ```ts
 * credentialId({ username: 'alice' }, { name: 'key' }) === sha1('alice.key'); // true
 * ```
 */
const credentialId = (consumer: { username: string }, credential: Named): string =>
  credential.id ?? sha1(`${consumer.username}.${credential.name}`);

/**
 * The ADC name of an SSL: its SNIs joined with ",".
 *
 * @example
 * ```ts
 * sslName({ snis: ['a.example.com', 'b.example.com'] }); // 'a.example.com,b.example.com'
 * ```
 */
const sslName = (ssl: { snis: string[] }): string => ssl.snis.join(',');

/**
 * SSL id: custom `id`, else sha1 of the SNIs joined with ",".
 *
 * @example
 * ```ts
 * sslId({ snis: ['example.com'] }) === sha1('example.com'); // true
 * ```
 */
const sslId = (ssl: { snis: string[]; id?: string }): string => ssl.id ?? sha1(sslName(ssl));

/**
 * Consumer group id: custom `id`, else sha1 of the name (consumer groups are not synced to
 * APISIX by ADC; the id exists for completeness).
 *
 * @example
 * ```ts
 * consumerGroupId({ name: 'gold' }) === sha1('gold'); // true
 * ```
 */
const consumerGroupId = (group: Named): string => group.id ?? sha1(group.name);

/** The same function under the name used for stream routes and named upstreams. */
const streamRouteId = routeId;
const namedUpstreamId = routeId;

export {
  consumerGroupId,
  credentialId,
  namedUpstreamId,
  routeId,
  serviceId,
  sha1,
  sslId,
  sslName,
  streamRouteId,
};
