// Types for esbuild.config.mjs (plain JavaScript, so `node esbuild.config.mjs` needs no
// compiler), for the tests and benchmarks that import it.
import type { BuildOptions, Metafile } from 'esbuild';

/** What each target is: a Lambda bundle under the size budget, or the CLI (no budget). */
type TargetKind = 'function' | 'cli';

/** One package's share of a bundle (from `scripts/bundle-report.mjs`). */
interface PackageSize {
  /** `zod`, `@smithy/core`, `lib/config`, `functions/sync-api`, `stub:form-data`. */
  name: string;
  /** Sum of esbuild's `bytesInOutput` over the package's modules (after minification). */
  bytes: number;
  /** How many of its modules are in the bundle. */
  files: number;
  /** The packages whose modules import it, sorted. */
  via: string[];
}

/** One JavaScript file of a build (from `scripts/bundle-report.mjs`). */
interface BundleOutput {
  /** As the metafile names it: `dist/reconcile/index.mjs`, `dist/reconcile/chunks/git-<hash>.mjs`. */
  path: string;
  bytes: number;
  /** Loaded when the entry is imported; `false` for a chunk only `import()` reaches. */
  eager: boolean;
}

/** One built bundle, as printed in the size table. */
interface BundleSize {
  name: string;
  kind: TargetKind;
  /** The entry, relative to the repository root: `dist/reconcile/index.mjs`. */
  file: string;
  /** Every JavaScript file of the bundle (a function's chunks included). */
  bytes: number;
  gzipBytes: number;
  /** How many JavaScript files `bytes` counts. */
  files: number;
  /** What Node reads when the entry is imported: the entry and its static imports. */
  eagerBytes: number;
  /** `FUNCTION_BUDGET_BYTES` for a function, `undefined` for the CLI. */
  budgetBytes: number | undefined;
  /** The five largest packages, largest first. */
  largest: Pick<PackageSize, 'name' | 'bytes'>[];
}

/** A module the function bundles load in place of another one (see `STUBS`). */
interface Stub {
  /** The replacement's name; generated modules appear as `apisync-stub:<name>` in metafiles. */
  name: string;
  /** Matches the import specifier. */
  filter: RegExp;
  /** Whether the module importing it (an absolute path) gets the replacement. */
  importer: (path: string) => boolean;
  /** The generated module's source, or … */
  contents?: string;
  /** … another file to load instead (relative to the repository root). */
  file?: string;
  resolveDir?: (importer: string) => string;
}

/** Bytes a function bundle may have: 1 MiB. */
declare const FUNCTION_BUDGET_BYTES: number;

/** The replacements applied to function bundles, each documented in esbuild.config.mjs. */
declare const STUBS: readonly Stub[];

/**
 * Builds every function and the CLI into dist/, prints the size table unless `quiet`, and
 * rejects when a build failed or a function bundle is over budget.
 */
declare function buildAll(options?: { quiet?: boolean }): Promise<BundleSize[]>;

/** The esbuild options a target of `kind` is built with, minus entry point and output. */
declare function esbuildOptions(kind: TargetKind): BuildOptions;

/** The results whose size exceeds their budget. */
declare function overBudget<T extends { bytes: number; budgetBytes?: number | undefined }>(
  results: readonly T[],
): T[];

/**
 * Per-package sizes over the output `outputPath`, several outputs, or (omitted) every
 * JavaScript file of the build: the entry point and all its chunks.
 */
declare function packageSizes(
  metafile: Metafile,
  outputPath?: string | readonly string[],
): PackageSize[];

/** The JavaScript files of a build, entry point first, each marked eager or loaded on first use. */
declare function bundleOutputs(metafile: Metafile): BundleOutput[];

/** The plain-text size table `buildAll` prints. */
declare function sizeTable(results: readonly BundleSize[]): string;

export type { BundleOutput, BundleSize, PackageSize, Stub, TargetKind };
export {
  buildAll,
  bundleOutputs,
  esbuildOptions,
  FUNCTION_BUDGET_BYTES,
  overBudget,
  packageSizes,
  STUBS,
  sizeTable,
};
