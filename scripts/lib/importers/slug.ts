/** A lowercase slug of a name: "Women's rights" → womens-rights, "Bosnia & Herzegovina" → bosnia-and-herzegovina. */
export function slugify(name: string, maxLength = 64): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  return slug === '' ? 'x' : slug;
}

/** Folds case, Unicode form and white space, so that names written slightly differently still match. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}
