/** Types of the emulator's JSON-schema validator, shared by the compiler's modules. */
import type { Json } from './types.js';

/** The subset of JSON schema the emulator's schemas use; extra keywords are kept for GET /schema. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  minProperties?: number;
  maxProperties?: number;
  dependencies?: Record<string, Schema | string[]>;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number | string;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: Json[];
  default?: Json;
  allOf?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  not?: Schema;
  if?: Schema;
  then?: Schema;
  else?: Schema;
  [keyword: string]: unknown;
}

/** api7/jsonschema's message for the first failure, or undefined when the value is valid. */
type Result = string | undefined;

/**
 * A compiled schema: validates `value`, injecting defaults in place when `inject` is set. With
 * `msg` false the answer is only truthy or not (a trial branch whose message nobody reads).
 */
type Check<T = Json> = (value: T, inject: boolean, msg: boolean) => Result;

export type { Check, Result, Schema };
