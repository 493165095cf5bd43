import type { ImportFormat } from './types.js';
import { uprInfo } from './upr-info.js';

/** The export formats `npm run import -- <format> <file>` reads. Add a format here, beside its module. */
export const IMPORT_FORMATS: ReadonlyMap<string, ImportFormat> = new Map([uprInfo].map((f) => [f.name, f]));
