/** Authentication plugins (`type = "auth"`). */
import { atLeast } from '../version.js';
import { arr, bool, int, obj, oneOfStr, str, strDef } from './helpers.js';
import type { PluginFactory } from './types.js';

const keyAuth: PluginFactory = (version) => {
  const properties = {
    header: strDef('apikey'),
    query: strDef('apikey'),
    hide_credentials: bool(false),
    // 3.13 really publishes minLength as the string "1".
    anonymous_consumer: str({ minLength: atLeast(version, '3.14.0') ? 1 : '1' }),
  };
  const schema = obj(properties);
  if (atLeast(version, '3.14.0') && schema.properties) {
    schema.properties.realm = str({
      default: 'key',
      minLength: 1,
      maxLength: 128,
      pattern: '^[ -!#-[\\]-~]+$',
    });
  }
  return {
    name: 'key-auth',
    priority: 2500,
    auth: true,
    schema,
    consumerSchema: obj({ key: str() }, ['key'], { encrypt_fields: ['key'] }),
  };
};

const basicAuth: PluginFactory = () => ({
  name: 'basic-auth',
  priority: 2520,
  auth: true,
  schema: obj({ hide_credentials: bool(false), anonymous_consumer: str({ minLength: 1 }) }),
  consumerSchema: obj({ username: str(), password: str() }, ['username', 'password'], {
    encrypt_fields: ['password'],
  }),
});

const jwtAuth: PluginFactory = () => ({
  name: 'jwt-auth',
  priority: 2510,
  auth: true,
  schema: obj({
    header: strDef('authorization'),
    query: strDef('jwt'),
    cookie: strDef('jwt'),
    hide_credentials: bool(false),
    key_claim_name: strDef('key'),
    store_in_ctx: bool(false),
    anonymous_consumer: str({ minLength: 1 }),
  }),
  consumerSchema: obj(
    {
      key: str(),
      secret: str(),
      algorithm: oneOfStr(['HS256', 'HS512', 'RS256', 'ES256'], 'HS256'),
      exp: int({ minimum: 1, default: 86400 }),
      base64_secret: bool(false),
      lifetime_grace_period: int({ minimum: 0, default: 0 }),
      public_key: str(),
    },
    ['key'],
    { encrypt_fields: ['secret'] },
  ),
});

const hmacAuth: PluginFactory = () => ({
  name: 'hmac-auth',
  priority: 2530,
  auth: true,
  schema: obj({
    allowed_algorithms: arr(oneOfStr(['hmac-sha1', 'hmac-sha256', 'hmac-sha512']), {
      minItems: 1,
      default: ['hmac-sha1', 'hmac-sha256', 'hmac-sha512'],
    }),
    clock_skew: int({ minimum: 1, default: 300 }),
    signed_headers: arr(str({ minLength: 1, maxLength: 50 })),
    validate_request_body: bool(false),
    hide_credentials: bool(false),
    anonymous_consumer: str({ minLength: 1 }),
  }),
  consumerSchema: obj(
    {
      key_id: str({ minLength: 1, maxLength: 256, pattern: '^[a-zA-Z0-9_-]+$' }),
      secret_key: str({ minLength: 1, maxLength: 256 }),
    },
    ['key_id', 'secret_key'],
    { encrypt_fields: ['secret_key'] },
  ),
});

const ldapAuth: PluginFactory = () => ({
  name: 'ldap-auth',
  priority: 2540,
  auth: true,
  schema: obj(
    {
      base_dn: str(),
      ldap_uri: str(),
      use_tls: bool(false),
      tls_verify: bool(false),
      uid: strDef('cn'),
    },
    ['base_dn', 'ldap_uri'],
  ),
  consumerSchema: obj({ user_dn: str() }, ['user_dn']),
});

const openidConnect: PluginFactory = () => ({
  name: 'openid-connect',
  priority: 2599,
  auth: true,
  schema: obj(
    {
      client_id: str(),
      client_secret: str(),
      discovery: str(),
      scope: strDef('openid'),
      realm: strDef('apisix'),
      bearer_only: bool(false),
      logout_path: strDef('/logout'),
      redirect_uri: str(),
      timeout: int({ minimum: 1, default: 3 }),
      ssl_verify: bool(false),
      introspection_endpoint: str(),
      introspection_endpoint_auth_method: strDef('client_secret_basic'),
      set_access_token_header: bool(true),
      set_id_token_header: bool(true),
      set_userinfo_header: bool(true),
      access_token_in_authorization_header: bool(false),
      unauth_action: oneOfStr(['auth', 'deny', 'pass'], 'auth'),
      use_pkce: bool(false),
      session: obj({ secret: str({ minLength: 16 }) }),
    },
    ['client_id', 'client_secret', 'discovery'],
    { encrypt_fields: ['client_secret'] },
  ),
});

const consumerRestriction: PluginFactory = () => ({
  name: 'consumer-restriction',
  priority: 2400,
  schema: obj(
    {
      type: oneOfStr(
        ['consumer_name', 'consumer_group_id', 'service_id', 'route_id'],
        'consumer_name',
      ),
      blacklist: arr(str(), { minItems: 1 }),
      whitelist: arr(str(), { minItems: 1 }),
      allowed_by_methods: arr(obj({ user: str(), methods: arr(str(), { minItems: 1 }) })),
      rejected_code: { type: 'integer', minimum: 200, default: 403 },
      rejected_msg: str(),
    },
    undefined,
    {
      anyOf: [
        { required: ['blacklist'] },
        { required: ['whitelist'] },
        { required: ['allowed_by_methods'] },
      ],
    },
  ),
});

const AUTH_PLUGINS = [
  keyAuth,
  basicAuth,
  jwtAuth,
  hmacAuth,
  ldapAuth,
  openidConnect,
  consumerRestriction,
];

export { AUTH_PLUGINS };
