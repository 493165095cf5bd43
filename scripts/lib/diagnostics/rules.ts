/** The one catalogue of diagnostic rules. Ids are permanent: never rename or reuse one. */
export const rules = {
  'read-error': { severity: 'error', about: 'a data file could not be read' },
  'encoding': { severity: 'error', about: 'a data file is not valid UTF-8' },
  'empty-file': { severity: 'error', about: 'a data file holds no data' },
  'yaml-syntax': { severity: 'error', about: 'YAML that cannot be parsed' },
  'json-syntax': { severity: 'error', about: 'JSON that cannot be parsed' },
  'duplicate-key': { severity: 'error', about: 'a mapping names the same key twice' },
  'unsafe-yaml': { severity: 'error', about: 'aliases, tags or nesting that could exhaust resources or run code' },
  'required-field': { severity: 'error', about: 'a required field is missing' },
  'wrong-type': { severity: 'error', about: 'a field has the wrong type' },
  'invalid-value': { severity: 'error', about: 'a field has a value outside what it allows' },
  'unknown-key': { severity: 'error', about: 'a field the format does not know' },
  'invalid-slug': { severity: 'error', about: 'an id that is not a lowercase slug' },
  'invalid-date': { severity: 'error', about: 'a date that is not a real calendar date' },
  'invalid-url': { severity: 'error', about: 'a URL that is not http(s)' },
  'duplicate-id': { severity: 'error', about: 'two themes, sources or claims share an id' },
  'duplicate-review-id': { severity: 'error', about: 'two review files share an id' },
  'unknown-theme': { severity: 'error', about: 'a claim names a theme that is not declared' },
  'unknown-source': { severity: 'error', about: 'a claim cites a source that is not declared' },
  'duplicate-citation': { severity: 'error', about: 'a claim cites the same source twice' },
  'missing-sources': { severity: 'error', about: 'a sourced claim cites no source' },
  'unused-source': { severity: 'warning', about: 'a source that no claim cites' },
  'empty-theme': { severity: 'warning', about: 'a theme with no claims' },
  'missing-glyph': { severity: 'warning', about: 'a character that no bundled font can draw' },
  'template-error': { severity: 'error', about: 'a template that cannot be compiled or rendered' },
} as const satisfies Record<string, { severity: 'error' | 'warning'; about: string }>;

export type RuleId = keyof typeof rules;
