/**
 * What a CLI command receives. Commands never touch `process` directly so tests can run them
 * in-process with captured output.
 *
 * @example
 * ```ts
 * const code = await run(['--port', '9180'], { stdout, stderr, env: process.env, cwd: process.cwd(), isTTY: false });
 * ```
 */
interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  env: Record<string, string | undefined>;
  cwd: string;
  /** True when stdout is a terminal (progress bars, colours). */
  isTTY: boolean;
  /** Resolves when the user asks to stop (SIGINT/SIGTERM); long-running commands await it. */
  stopSignal?: Promise<void>;
}

/** A command module: `lib/cli/commands/<name>.ts` exports `run` with this signature; it returns the exit code. */
type CommandRun = (args: string[], io: CliIO) => Promise<number>;

export type { CliIO, CommandRun };
