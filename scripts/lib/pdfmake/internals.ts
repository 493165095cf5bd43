import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The pdfmake versions whose internals style-lookup.ts and line-merge.ts were written against and tested with. */
export const CHECKED_PDFMAKE = /^0\.3\.\d+$/;

/**
 * The default export of one of pdfmake's own modules (`Renderer.js`, say), the instance pdfmake itself uses;
 * nothing when the installed pdfmake is not a version the speed-ups were checked against, which is then left as it is.
 */
export function pdfmakeInternal<T>(file: string): T | undefined {
  const require = createRequire(import.meta.url);
  const { version } = require('pdfmake/package.json') as { version: string };
  if (!CHECKED_PDFMAKE.test(version)) return undefined;
  return (require(join(dirname(require.resolve('pdfmake')), file)) as { default: T }).default;
}
