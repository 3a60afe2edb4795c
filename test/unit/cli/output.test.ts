import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../lib/cli/options.js';
import { EXIT, printError, progressBar } from '../../../lib/cli/output.js';
import type { CliIO } from '../../../lib/cli/types.js';
import { ConfigError } from '../../../lib/errors.js';

function io(isTTY: boolean): CliIO & { err: () => string } {
  let err = '';
  return {
    stdout: { write: () => true },
    stderr: { write: (c: string) => (err += c) },
    env: {},
    cwd: '/',
    isTTY,
    err: () => err,
  };
}

describe('progressBar', () => {
  it('draws on a TTY when more than 50 writes are applied', () => {
    const tty = io(true);
    const bar = progressBar(tty);
    bar?.(30, 60);
    bar?.(60, 60);
    expect(tty.err()).toContain('30/60');
    expect(tty.err()).toMatch(/60\/60\n$/);
  });

  it('stays silent for 50 writes or fewer, and off a TTY', () => {
    const tty = io(true);
    progressBar(tty)?.(50, 50);
    expect(tty.err()).toBe('');
    expect(progressBar(io(false))).toBeUndefined();
  });
});

describe('printError', () => {
  it.each([
    [new UsageError('bad flag'), EXIT.USAGE, /bad flag/],
    [
      new ConfigError('Invalid configuration', [
        { path: ['services', 0, 'name'], message: 'Required', file: 'a.yaml', line: 3 },
      ]),
      EXIT.FAILED,
      /a\.yaml:3 services\.0\.name: Required/,
    ],
    [
      new Error('PUT http://gw/apisix/admin/routes/r?api_key=s3cret responded 400'),
      EXIT.FAILED,
      /responded 400/,
    ],
  ])('maps %s to its exit code and message', (err, code, message) => {
    const out = io(false);
    expect(printError(out, err)).toBe(code);
    expect(out.err()).toMatch(message);
    expect(out.err()).not.toContain('s3cret');
  });
});
