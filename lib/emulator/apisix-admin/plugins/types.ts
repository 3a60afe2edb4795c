/** Plugin definitions: the registry is data, one entry per plugin. */
import type { Schema } from '../jsonschema.js';

interface PluginDef {
  name: string;
  priority: number;
  /** The plugin's schema without `_meta` (APISIX injects it). */
  schema: Schema;
  /** Schema for `schema_type=consumer` (consumers and credentials). */
  consumerSchema?: Schema;
  /** Schema for plugin metadata; absent means an empty object schema. */
  metadataSchema?: Schema;
  /** `type = "auth"`: allowed in consumer credentials. */
  auth?: boolean;
  /** Also a stream plugin. */
  stream?: boolean;
}

/** Builds a definition for a given APISIX version. */
type PluginFactory = (version: string) => PluginDef;

export type { PluginDef, PluginFactory };
