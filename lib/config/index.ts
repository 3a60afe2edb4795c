/**
 * `lib/config`: ADC configuration schema, loader, lint, scope, IDs and the ADC ↔ Admin API
 * mapping. No network I/O; the loader reads local files only.
 *
 * Pipeline (lib/sync): load → lint → scope → resources.
 *
 * @example
 * ```ts
 * const loaded = await loadConfigFiles(['adc.yaml'], { cwd, env: process.env });
 * const config = lintConfig(loaded.config, { sources: loaded.sources });
 * const scope = { labelSelector: { team: 'web' } };
 * const desired = filterInScope(toResources(applyScope(config, scope), { apisixVersion }), scope);
 * ```
 */

export type { EnvSource, SubstituteOptions, SubstituteResult, UnsetVariable } from './env.js';
export type { LintOptions, LintResult } from './lint.js';
export type { LoadedConfig, LoadOptions, TextFile } from './loader.js';
export type { ConfigSources, SourceLocation } from './merge.js';
export type { JsonPath, ParseLimits } from './parse.js';
export type { ToResourcesOptions } from './resources.js';
export type { Resource, ResourceType } from './resources-types.js';
export type {
  AdcConfig,
  AdcConsumer,
  AdcConsumerGroup,
  AdcCredential,
  AdcLabels,
  AdcNamedUpstream,
  AdcPlugins,
  AdcRoute,
  AdcService,
  AdcSsl,
  AdcStreamRoute,
  AdcUpstream,
} from './schema.js';
export type { Scope, ScopeType } from './scope.js';

import { substituteEnv } from './env.js';
import { formatConfigIssue, formatConfigIssues, formatPath } from './format.js';
import {
  consumerGroupId,
  credentialId,
  namedUpstreamId,
  routeId,
  serviceId,
  sha1,
  sslId,
  sslName,
  streamRouteId,
} from './ids.js';
import { lintConfig, lintIssues, safeLint } from './lint.js';
import { loadConfigFiles, loadConfigTexts } from './loader.js';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_FILE_BYTES } from './parse.js';
import {
  certDigest,
  encodeLabels,
  fromResources,
  LABEL_CERT_DIGEST,
  LABEL_NAME,
  LABEL_UPSTREAM_SERVICE,
  toResources,
} from './resources.js';
import { RESOURCE_TYPES } from './resources-types.js';
import { adcConfigSchema, CREDENTIAL_TYPES, TOP_LEVEL_KEYS } from './schema.js';
import { applyScope, filterInScope, resourceInScope, typeInScope } from './scope.js';

export {
  adcConfigSchema,
  applyScope,
  CREDENTIAL_TYPES,
  certDigest,
  consumerGroupId,
  credentialId,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_FILE_BYTES,
  encodeLabels,
  filterInScope,
  formatConfigIssue,
  formatConfigIssues,
  formatPath,
  fromResources,
  LABEL_CERT_DIGEST,
  LABEL_NAME,
  LABEL_UPSTREAM_SERVICE,
  lintConfig,
  lintIssues,
  loadConfigFiles,
  loadConfigTexts,
  namedUpstreamId,
  RESOURCE_TYPES,
  resourceInScope,
  routeId,
  safeLint,
  serviceId,
  sha1,
  sslId,
  sslName,
  streamRouteId,
  substituteEnv,
  TOP_LEVEL_KEYS,
  toResources,
  typeInScope,
};
