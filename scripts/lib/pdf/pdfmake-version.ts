
/** The pdfmake versions whose internals style-lookup.ts and line-merge.ts were written against and tested with. */
export const CHECKED_PDFMAKE = /^0\.3\.\d+$/;

/** True when the installed pdfmake is one the speed-ups were checked against; any other is left as it is. */
export function checkedPdfmake(require: NodeJS.Require): boolean {
  const { version } = require('pdfmake/package.json') as { version: string };
  return CHECKED_PDFMAKE.test(version);
}
