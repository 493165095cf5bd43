import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute } from '../scripts/lib/cli/command.js';
import { describeChain, exitCodeOf, fromErrorData, InputError, OutputError, TemplateError, toErrorData, UsageError } from '../scripts/lib/diagnostics/errors.js';
import { finished, ROOT } from './helpers/project.js';

const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/esm/index.mjs');

/** Runs a command in-process with `run` failing as given, and returns what it printed on stderr and its exit code. */
async function failWith(error: unknown): Promise<{ code: number; stderr: string }> {
  const printed: string[] = [];
  const { error: original } = console;
  console.error = (text: unknown) => void printed.push(String(text));
  try {
    const code = await execute({ usage: 'the usage', parse: () => ({ help: false }), run: () => Promise.reject(error) }, []);
    return { code, stderr: printed.join('\n') };
  } finally {
    console.error = original;
  }
}

describe('errors that explain themselves', () => {
  it('expected failures carry a stable code and their own exit code; anything else is exit 70', () => {
    expect([new UsageError('u'), new OutputError('o'), new InputError('i'), new TemplateError({ kind: 'missing', name: 't' }, 'f', 1, 1)].map((e) => [e.code, exitCodeOf(e)])).toEqual([
      ['UPR_USAGE', 2], ['UPR_OUTPUT', 2], ['UPR_INPUT', 66], ['UPR_TEMPLATE', 1],
    ]);
    expect(exitCodeOf(new Error('a bug'))).toBe(70);
  });

  it('an unexpected error prints its cause chain and asks for a report; an expected one prints its message alone', async () => {
    const deep = Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
    expect(await failWith(new Error('cannot lay out the table', { cause: new Error('pdfmake failed', { cause: deep }) }))).toEqual({
      code: 70,
      stderr: 'internal error: cannot lay out the table (via pdfmake failed) (via EIO: i/o error, read); please report it (run with DEBUG=1 for details)',
    });
    expect(await failWith(new InputError('cannot read templates/pdf-styles.json (EACCES)', { cause: deep }))).toEqual({ code: 66, stderr: 'cannot read templates/pdf-styles.json (EACCES)' });
    expect(await failWith(new UsageError('--jobs is "x"'))).toEqual({ code: 2, stderr: '--jobs is "x"\n\nthe usage' });
    expect(describeChain('a string')).toBe('a string');
  });

  it('keeps class, exit code, system error code and cause when crossing a worker boundary as data', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const data = structuredClone(toErrorData(new OutputError('cannot write to out/kz (ENOSPC): the disk is full', { cause: enospc })));
    const back = fromErrorData(data);
    expect(back).toBeInstanceOf(OutputError);
    expect([back.message, exitCodeOf(back), (back.cause as NodeJS.ErrnoException).code]).toEqual(['cannot write to out/kz (ENOSPC): the disk is full', 2, 'ENOSPC']);
    const template = fromErrorData(structuredClone(toErrorData(new TemplateError({ kind: 'handlebars', detail: 'no such helper' }, 'templates/summary.hbs', 3, 7))));
    expect(template).toBeInstanceOf(TemplateError);
    expect(template).toMatchObject({ file: 'templates/summary.hbs', line: 3, column: 7 });
    const odd = fromErrorData(structuredClone(toErrorData(new RangeError('too deep'))));
    expect([odd.name, odd.message, exitCodeOf(odd)]).toEqual(['RangeError', 'too deep', 70]);
  });

  for (const how of ['throw', 'reject'] as const) {
    it(`after an uncaught ${how === 'throw' ? 'exception' : 'rejection'} the process reports it with its cause chain and exits 70 at once, without a stack trace`, async () => {
      const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'test/helpers/crashing-command.ts'), how], { stdio: ['ignore', 'pipe', 'pipe'] });
      const result = await finished(child);
      expect(result.code).toBe(70);
      expect(result.stderr.trim()).toBe('internal error: the timer failed (via deep down); please report it (run with DEBUG=1 for details)');
      expect(result.stdout).not.toContain('ran on');
    });
  }
});
