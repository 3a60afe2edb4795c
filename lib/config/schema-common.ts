/**
 * Building blocks of the ADC 0.28 configuration schema: ids, names, labels, plugins, numbers
 * and certificates. Nothing here carries a zod `.default()`: lint validates and returns what the
 * user wrote, and the differ owns defaults (ADC's CLI applies zod defaults, its server mode does
 * not, so the two never converge). Defaults appear only as JSON Schema annotations (`meta`).
 *
 * @example
 * ```ts
 * portSchema.parse('8080'); // 8080: numeric strings are accepted, as ADC's z.coerce.number does
 * ```
 */
import { z } from 'zod';

/** A decimal number written as a string (`"443"`, `"-1"`, `"0.5"`): what ADC's `z.coerce.number()` accepts from YAML. */
const NUMERIC_STRING = /^\s*-?\d+(\.\d+)?\s*$/;

/**
 * A number field that also accepts a numeric string, like ADC's `z.coerce.number()`, but only
 * a decimal string: `true`, `""` or `[]` are rejected instead of becoming 1 or 0.
 *
 * @example
 * ```ts
 * num(z.number().int()).parse('42'); // 42
 * ```
 */
const num = <T extends z.ZodType>(inner: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && NUMERIC_STRING.test(value) ? Number(value) : value),
    inner,
  );

const idSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[a-zA-Z0-9-_.]+$/, {
    error: 'Must match ^[a-zA-Z0-9-_.]+$ (letters, digits, "-", "_", ".")',
  })
  .meta({ description: 'Custom Admin API id; wins over the derived sha1 id.' });

const nameSchema = z
  .string()
  .min(1)
  .max(64 * 1024);

const descriptionSchema = z
  .string()
  .max(64 * 1024)
  .meta({ description: 'Written to the Admin API as `desc`.' });

const labelsSchema = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .meta({ description: 'Array values are JSON-encoded into one string for APISIX.' });

/** One plugin's configuration: any object, validated by APISIX, not by lint. */
const pluginSchema = z.looseObject({});
const pluginsSchema = z.record(z.string(), pluginSchema);

const hostSchema = z.string().min(1);
const portSchema = num(z.number().int().min(1).max(65535));

const timeoutSchema = z.strictObject({
  connect: num(z.number().gt(0)),
  send: num(z.number().gt(0)),
  read: num(z.number().gt(0)),
});

/** `$env://NAME` or `$secret://manager/id/key`: resolved by APISIX's data plane, passed through as is. */
const secretRefSchema = z.string().regex(/^\$(secret|env):\/\//);

const certificateSchema = z.union(
  [
    z
      .string()
      .min(128)
      .max(64 * 1024),
    secretRefSchema,
  ],
  {
    error:
      'Must be a PEM certificate (128 to 65536 characters) or a $env:// / $secret:// reference',
  },
);

const certificateKeySchema = z.union(
  [
    z
      .string()
      .min(32)
      .max(64 * 1024),
    secretRefSchema,
  ],
  {
    error: 'Must be a PEM private key (32 to 65536 characters) or a $env:// / $secret:// reference',
  },
);

type Refinement = (value: Record<string, unknown>, ctx: z.RefinementCtx) => void;

/**
 * A cross-field rule that runs even when the object has other issues, so lint reports every
 * problem at once (zod skips plain refinements after a failure). It sees the raw input and
 * must not trust field types.
 *
 * @example
 * ```ts
 * z.strictObject({ a: z.string().optional() }).check(always((v, ctx) => {
 *   if (v.a === undefined) ctx.addIssue({ code: 'custom', path: ['a'], message: 'a is required' });
 * }));
 * ```
 */
const always = (rule: Refinement) =>
  z.superRefine<unknown>(
    (value, ctx) => {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        rule(value as Record<string, unknown>, ctx);
      }
    },
    { when: () => true },
  );

const METHODS = [
  'GET',
  'POST',
  'PUT',
  'DELETE',
  'PATCH',
  'HEAD',
  'OPTIONS',
  'CONNECT',
  'TRACE',
  'PURGE',
] as const;

export type { Refinement };
export {
  always,
  certificateKeySchema,
  certificateSchema,
  descriptionSchema,
  hostSchema,
  idSchema,
  labelsSchema,
  METHODS,
  nameSchema,
  num,
  pluginSchema,
  pluginsSchema,
  portSchema,
  secretRefSchema,
  timeoutSchema,
};
