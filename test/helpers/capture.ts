import { format } from 'node:util';

/** Runs a command in-process, capturing what it prints, without colour codes. */
export async function capture(run: () => Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const { log, error } = console;
  console.log = (...parts: unknown[]) => void stdout.push(format(...parts));
  console.error = (...parts: unknown[]) => void stderr.push(format(...parts));
  try {
    const code = await run();
    const plain = (lines: string[]) => lines.join('\n').replace(/\x1b\[[0-9;]*m/g, '');
    return { code, stdout: plain(stdout), stderr: plain(stderr) };
  } finally {
    Object.assign(console, { log, error });
  }
}
