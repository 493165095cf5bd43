/** Reads what the build itself is made from: templates, the style sheet, the fonts and package.json. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../diagnostics/errors.js';
import { displayPath, readTemplates } from './files.js';

/** What an input of the build itself that cannot be read is: an expected failure (exit 66), not an internal error. */
export function inputError(path: string, cause: unknown): InputError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  return new InputError(`cannot read ${displayPath(path)} (${code}), which every build needs; restore it from the project, or fix its permissions`, { cause });
}

async function readInput<T>(path: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (cause) {
    throw inputError(path, cause);
  }
}

/** The templates folder's .hbs files and pdf-styles.json, and the project's package.json (the fonts are read by io/fonts.ts). */
export async function readBuildSources(root: string, templates: string) {
  const styles = join(templates, 'pdf-styles.json');
  const packageJson = join(root, 'package.json');
  const [templateSources, styleText, packageText] = await Promise.all([
    readInput(templates, () => readTemplates(templates)),
    readInput(styles, () => readFile(styles, 'utf8')),
    readInput(packageJson, () => readFile(packageJson, 'utf8')),
  ]);
  return { templates: templateSources, styleText, packageText };
}
