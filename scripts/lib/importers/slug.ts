import { createHash } from 'node:crypto';
import anyAscii from 'any-ascii';

/**
 * A lowercase slug of a name, transliterated to Latin letters first: "Women's rights" → womens-rights,
 * "Bosnia & Herzegovina" → bosnia-and-herzegovina, 日本 → riben, Ελλάδα → ellada. A name with no letter or digit
 * in any script gets `x-` and a hash of the name, so two such names never share a slug.
 */
export function slugify(name: string, maxLength = 64): string {
  const slug = anyAscii(name.normalize('NFC'))
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug === '' ? `x-${shortHash(name)}` : slug;
}

export const shortHash = (text: string, length = 8) => createHash('sha256').update(text.normalize('NFC')).digest('hex').slice(0, length);

/** Folds case, Unicode form and white space, so that names written slightly differently still match. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
