/**
 * The one catalogue of diagnostic rules, as Astro's errors-data keeps its errors: each rule's id, severity, what
 * it reports (the README's rule table is generated from it: `npm run docs`), the message as a function of its
 * parameters, and the hint that says how to fix it. A message prints as `message; hint`. Ids are permanent:
 * never rename or reuse one. Callers pass facts (names, values, counts), never words.
 */

export type Severity = 'error' | 'warning';

interface Rule<P> {
  severity: Severity;
  /** what the rule reports, for the README's table (Markdown) */
  summary: string;
  /** what happened */
  message: (params: P) => string;
  /** how to fix it; absent where the message says it */
  hint?: string | ((params: P) => string | undefined);
}

const rule = <P = void>(r: Rule<P>): Rule<P> => r;

interface Variant<P> {
  message: (params: P) => string;
  hint?: string | ((params: P) => string);
}

/** A rule whose message depends on which of several problems it reports, named by `kind`. */
function variants<P extends { kind: string }>(table: { [K in P['kind']]: Variant<Extract<P, { kind: K }>> }): Pick<Rule<P>, 'message' | 'hint'> {
  const pick = (p: P) => table[p.kind as P['kind']] as unknown as Variant<P>;
  return {
    message: (p) => pick(p).message(p),
    hint: (p) => {
      const hint = pick(p).hint;
      return typeof hint === 'function' ? hint(p) : hint;
    },
  };
}

/** A field as messages name it: `claim "c1": "kind"`, or `"as_of"` at the top of the file. */
interface Field {
  /** the element that holds the field, such as `claim "c1"`; absent at the top of the file */
  owner?: string;
  /** the field, such as `"kind"` or `"sources" item 2` */
  field: string;
}
/** A field and its value as the file holds it: `"reform"`, `7`. */
export interface FieldValue extends Field {
  value: string;
}
/** A text value inside an element: `claim "c1": "text"`. */
interface Text {
  owner: string;
  field: string;
}

const SLUG_HINT = 'use lowercase letters, digits and hyphens (at most 64), starting with a letter or digit';
const subject = ({ owner, field }: Field) => (owner ? `${owner}: ${field}` : field);
const plural = (n: number, word: string) => `${word}${n === 1 ? '' : 's'}`;
const count = (n: number) => n.toLocaleString('en-GB');
const bytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.ceil(n / 1024)} KiB`);
const codePoint = (cp: number) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
const list = (names: readonly string[]) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

type ReadError =
  | { kind: 'data-file'; code: string }
  | { kind: 'target'; code: string }
  | { kind: 'folder'; code: string }
  | { kind: 'not-a-file'; what: string }
  | { kind: 'changed' }
  | { kind: 'dangling-link'; target: string }
  | { kind: 'config'; code: string; file: string };
type Encoding = { kind: 'utf-8'; byte: number } | { kind: 'unknown-label'; label: string } | { kind: 'invalid'; encoding: string };
type YamlSyntax =
  | { kind: 'syntax'; detail: string }
  | { kind: 'second-document' }
  | { kind: 'unresolved-alias'; alias: string }
  /** `others`: the other lines indented with a tab */
  | { kind: 'tab'; others: readonly number[] }
  /** the line is indented `spaces` more or less than line `reference`, whose text is `text` */
  | { kind: 'indent'; spaces: number; direction: 'more' | 'less'; reference: number; text: string }
  | { kind: 'missing-colon'; key: string; fixed: string }
  | { kind: 'missing-space'; after: 'colon' | 'dash'; key: string; fixed: string }
  | { kind: 'colon-in-value'; key: string; fixed: string }
  | { kind: 'quote-continues'; key: string; quoted: string; fixed: string }
  | { kind: 'unclosed-quote'; quote: string }
  | { kind: 'unclosed-bracket'; bracket: string; fixed?: string }
  | { kind: 'stray-bracket'; bracket: string };
type UnsafeYaml =
  | { kind: 'tag'; tag: string }
  | { kind: 'depth'; limit: number }
  | { kind: 'depth-unparsed'; limit: number }
  | { kind: 'circular-alias'; alias: string }
  | { kind: 'alias-bomb'; limit: number };
/** The kinds of data file, each with its own top level. */
export type DocumentKind = 'review' | 'config' | 'stakeholders' | 'import';
type WrongType = ({ kind: 'field'; expected: string; actual: string; about?: string } & Field) | { kind: 'document'; document: DocumentKind };
/** The formats a text field may be written in. */
export type TextFormat = 'country-code' | 'partial-date' | 'colour' | 'date';
type InvalidValue =
  | ({ kind: 'choice'; allowed: readonly string[] } & FieldValue)
  | ({ kind: 'empty-list'; minimum: number } & Field)
  | ({ kind: 'empty-text' } & Field)
  | ({ kind: 'too-small'; minimum: number } & FieldValue)
  | ({ kind: 'too-big'; maximum: number } & FieldValue)
  | ({ kind: 'format'; format: TextFormat } & FieldValue)
  | ({ kind: 'blank' } & Text)
  | ({ kind: 'schema'; detail: string } & FieldValue);
type InvalidSlug = { kind: 'id'; element: string; value: string } | ({ kind: 'field' } & FieldValue) | { kind: 'shard-review'; value: string };
/** What a template or the markup it renders did wrong. */
/** A check of the briefing's structure tree that failed (pdfmake/tagging-check.ts), and what failed. */
export interface TaggingProblem {
  check: string;
  detail: string;
}

const TAGGING_HINTS: Record<string, string> = {
  'marked-content': 'put the text in a paragraph, heading, list or table of the briefing markup',
  'heading-levels': 'let headings go down one level at a time (h1, then h2, then h3); a heading may keep the look of another with style="h3"',
  'figure-alt': 'give the picture an alt="…" that says what it shows',
  'table-headers': 'give the table <th> cells in its header row (header-rows="1")',
  'link-annotations': 'write links with <a href> or <link to> inside text',
  language: 'set language="…" on <info> in the template',
  title: 'set title="…" on <info> in the template',
};

export type TemplateProblem =
  | { kind: 'handlebars'; detail: string }
  | { kind: 'parse'; found: string; unclosed: boolean }
  | { kind: 'missing'; name: string }
  | { kind: 'markup'; detail: string; line: number }
  | { kind: 'external'; reference: string };
type LogoKind = 'url' | 'outside' | 'not-png-or-svg' | 'link' | 'not-png' | 'not-svg';
/** Why a logo is refused. */
export type LogoProblem = { [K in LogoKind]: { kind: K; logo: string } }[LogoKind] | { kind: 'unreadable'; logo: string; code: string };
/** Why an imported row cannot be read. */
export type RowProblem =
  | { kind: 'width'; fields: number; width: number; /** what the export separates fields with, as the message names it (commas) */ separators?: string }
  | { kind: 'empty'; column: string }
  | { kind: 'value'; column: string; value: string; allowed: string }
  | { kind: 'values'; column: string; values: number; limit: number }
  | { kind: 'long'; column: string; length: number; limit: number }
  | { kind: 'hazard'; column: string; codePoint: number; hazard: 'control-character' | 'lone-surrogate' | 'bidi-control'; index: number };
/** What a file handed to the importer is when it is no export the importer reads. */
export type FileKind = 'encrypted' | 'doc' | 'ppt' | 'ole' | 'docx' | 'pptx' | 'opendocument' | 'zip';
type Unsupported =
  | { kind: 'binary'; what: string }
  | { kind: 'not-workbook'; file: FileKind }
  | { kind: 'unpacked'; size: number; limit: number }
  | { kind: 'unopenable'; container: 'ole' | 'zip'; detail: string }
  | { kind: 'unreadable'; workbook: string; detail: string }
  | { kind: 'no-sheet'; workbook: string };
type MissingColumn =
  | { kind: 'columns'; columns: readonly string[]; format: string; layout: string }
  | { kind: 'layout'; described: string; header: readonly string[]; layout: string };
type ImportConflict = { kind: 'unstable' } | { kind: 'alias'; alias: string; line: number } | { kind: 'flow-list'; key: string; node: 'alias' | 'anchor' };
type LedgerLine = { kind: 'unreadable' } | { kind: 'torn' };
type TooLarge =
  | { kind: 'file'; size: number; limit: number }
  | { kind: 'list'; list: string; items: number; limit: number }
  | ({ kind: 'text'; length: number; limit: number } & Text)
  | ({ kind: 'item-list'; items: number; limit: number } & Text)
  | { kind: 'flow-list'; limit: number; itemLimit: number }
  | { kind: 'export'; size: number; limit: number }
  | { kind: 'rows'; limit: number }
  | { kind: 'columns'; columns: number; limit: number };
/** A character inside a text value, found at `index` (counted in characters from 1). */
type Hazard = Text & { codePoint: number; name?: string; index: number };

/** Why a recipient's OpenPGP key cannot be used. */
export type KeyProblem = { kind: 'not-a-key'; owner: string; detail: string } | { kind: 'private'; owner: string } | { kind: 'no-encryption'; owner: string; detail: string };
type ArtefactProblem = { kind: 'missing'; manifest: string } | { kind: 'changed'; manifest: string };

/** What an empty file of each kind should hold. */
const EMPTY: Record<DocumentKind, string> = {
  review: 'write a review in it or delete it',
  import: 'write a review in it or delete it',
  config: 'write the briefing config in it (see README, "The briefing config")',
  stakeholders: 'write the sender and recipients in it (see data/stakeholders.schema.json)',
};

const DOCUMENTS: Record<DocumentKind, [string, string]> = {
  review: ['the file must hold one mapping with the review fields (id, title, state, …)', 'see data/review.schema.json'],
  config: ['the briefing config must hold one mapping (organisation, logo, accent, edition_label)', 'see README, "The briefing config"'],
  stakeholders: ['the file must hold one mapping with sender and recipients', 'see data/stakeholders.schema.json'],
  import: ['the file must hold one mapping with the review fields', 'the import leaves it alone: fix it or delete it, and import again'],
};

const FORMATS: Record<TextFormat, string> = {
  'country-code': 'write the two capital letters of ISO 3166-1 alpha-2, such as KZ',
  'partial-date': 'write it as YYYY, YYYY-MM or YYYY-MM-DD',
  colour: 'write a colour as #RRGGBB, such as #1f5f8b',
  date: 'write it as YYYY-MM-DD',
};

const HAZARDS: Record<Extract<RowProblem, { kind: 'hazard' }>['hazard'], string> = {
  'control-character': 'a control character',
  'lone-surrogate': 'half of a surrogate pair',
  'bidi-control': 'a bidirectional override',
};

const rowProblem = (p: RowProblem) => {
  switch (p.kind) {
    case 'width':
      return `the row has ${p.fields} fields but the header has ${p.width}, so its columns cannot be told apart (check its quotes and ${p.separators ?? 'commas'})`;
    case 'empty':
      return `${p.column} is empty`;
    case 'value':
      return `${p.column} is "${p.value}" (use ${p.allowed})`;
    case 'values':
      return `${p.column} lists ${count(p.values)} values, more than the limit of ${count(p.limit)}`;
    case 'long':
      return `${p.column} has ${count(p.length)} characters, more than the limit of ${count(p.limit)} for one text`;
    case 'hazard':
      return `${p.column} holds ${codePoint(p.codePoint)} (${HAZARDS[p.hazard]}) at character ${p.index}, which a review may not hold`;
  }
};

/** Each kind of file that is no export, as the message names it, and what to do instead. */
const EXPORT_INSTEAD = 'export the recommendations as .xlsx, .xls or CSV';
const FILE_KINDS: Record<FileKind, [string, string]> = {
  encrypted: ['a password-protected Office file', `save it again without a password; ${EXPORT_INSTEAD}`],
  doc: ['a Word document (.doc), not a workbook', EXPORT_INSTEAD],
  ppt: ['a PowerPoint file (.ppt), not a workbook', EXPORT_INSTEAD],
  ole: ['an OLE compound file that holds no workbook', EXPORT_INSTEAD],
  docx: ['a Word document (.docx), not a workbook', EXPORT_INSTEAD],
  pptx: ['a PowerPoint file (.pptx), not a workbook', EXPORT_INSTEAD],
  opendocument: ['an OpenDocument file (.ods/.odt)', `save it from your spreadsheet as .xlsx or CSV; ${EXPORT_INSTEAD}`],
  zip: ['a ZIP archive that holds no Excel workbook', EXPORT_INSTEAD],
};

const shownHeader = (header: readonly string[]) => {
  const names = header.slice(0, 12).map((h) => (h === '' ? '(no name)' : h));
  const shown = `${names.join(', ')}${header.length > 12 ? `, … (${header.length} in all)` : ''}`;
  return `${header.length} ${plural(header.length, 'column')}: ${shown}`;
};

const hazard = (p: Hazard) => `${p.owner}: ${p.field} holds ${codePoint(p.codePoint)}${p.name ? ` ${p.name}` : ''} at character ${p.index}`;

export const rules = {
  'read-error': rule<ReadError>({
    severity: 'error',
    summary: 'a data file could not be read: unreadable, a dangling link, or not a regular file (a pipe, socket or device is never opened)',
    ...variants<ReadError>({
      'data-file': { message: (p) => `the file cannot be read (${p.code})`, hint: 'check that you may read it' },
      target: { message: (p) => `this cannot be read (${p.code})`, hint: 'check its permissions' },
      folder: { message: (p) => `this folder cannot be read (${p.code})`, hint: 'check its permissions' },
      'not-a-file': { message: (p) => `this is ${p.what}, not a file`, hint: 'a review must be a regular file, so nothing was read from it' },
      changed: { message: () => 'the file changed while it was being opened', hint: 'build again' },
      'dangling-link': { message: (p) => `this is a link to ${p.target}, which does not exist`, hint: 'fix the link or remove it' },
      config: { message: (p) => `the briefing config cannot be read (${p.code})`, hint: (p) => `restore ${p.file} in templates/` },
    }),
  }),
  encoding: rule<Encoding>({
    severity: 'error',
    summary: 'the file is not UTF-8 (the position of the first bad byte); for `npm run import`, not valid in the encoding `--encoding` names',
    ...variants<Encoding>({
      'utf-8': { message: (p) => `byte 0x${p.byte.toString(16).padStart(2, '0')} is not valid UTF-8`, hint: 'save the file as UTF-8' },
      'unknown-label': { message: (p) => `--encoding "${p.label}" is not an encoding label this tool knows`, hint: 'use a WHATWG label such as utf-8, macintosh or windows-1252' },
      invalid: { message: (p) => `the file holds bytes that are not valid ${p.encoding}`, hint: 'name the encoding it was saved in with --encoding' },
    }),
  }),
  'empty-file': rule({
    severity: 'error',
    summary: 'the file holds no data',
    message: (_: { document: DocumentKind }) => 'the file is empty',
    hint: (p) => EMPTY[p.document],
  }),
  'yaml-syntax': rule<YamlSyntax>({
    severity: 'error',
    summary: 'YAML that cannot be parsed, the first problem shown with its line: a tab or a line out of line with its neighbours, a missing colon or space, a colon or a quotation mark inside a text that needs quotes, a quote or bracket never closed, a second document in the file, an alias that names no anchor',
    ...variants<YamlSyntax>({
      syntax: { message: (p) => `YAML cannot be parsed: ${p.detail}`, hint: 'fix the syntax here' },
      'second-document': { message: () => 'a second YAML document starts here (after ---)', hint: 'keep one review per file' },
      'unresolved-alias': { message: (p) => `the alias *${p.alias} names no anchor before it`, hint: (p) => `mark the value it stands for with &${p.alias} above it, or write the value out` },
      tab: {
        message: (p) =>
          `this line is indented with a tab (shown as → below), and YAML allows only spaces at the start of a line${p.others.length > 0 ? ` (${p.others.length === 1 ? 'line' : 'lines'} ${list(p.others.map(String))} too)` : ''}`,
        hint: 'replace each tab with spaces, as many as the lines around it use',
      },
      indent: {
        message: (p) =>
          `this line is indented ${p.spaces} space${p.spaces === 1 ? '' : 's'} ${p.direction} than line ${p.reference} ("${p.text}"), and lines at the same level must start in the same column`,
        hint: (p) => `${p.direction === 'more' ? 'remove' : 'add'} ${p.spaces} space${p.spaces === 1 ? '' : 's'} at the start of this line`,
      },
      'missing-colon': {
        message: (p) => `this line has no colon after "${p.key}", so YAML cannot tell the field's name from its value`,
        hint: (p) => `write it as \`${p.fixed}\``,
      },
      'missing-space': {
        message: (p) =>
          p.after === 'colon'
            ? `there is no space after the colon of "${p.key}:", so YAML reads the whole line as one piece of text`
            : 'there is no space after the dash that starts this list item',
        hint: (p) => `write it as \`${p.fixed}\``,
      },
      'colon-in-value': {
        message: (p) => `the text of "${p.key}" holds a colon followed by a space (": "), which YAML reads as the start of another field`,
        hint: (p) => `put the text in quotes: \`${p.fixed}\``,
      },
      'quote-continues': {
        message: (p) => `the text of "${p.key}" starts with a quotation mark, so YAML takes ${p.quoted} as the whole value and cannot read what follows it`,
        hint: (p) => `put the whole text in quotes: \`${p.fixed}\``,
      },
      'unclosed-quote': {
        message: (p) => `the quotation mark (${p.quote}) that opens this text is never closed`,
        hint: (p) => `add the closing ${p.quote} at the end of the text`,
      },
      'unclosed-bracket': {
        message: (p) => `the ${p.bracket} that opens this ${p.bracket === '[' ? 'list' : 'mapping'} is never closed`,
        hint: (p) => (p.fixed ? `write it as \`${p.fixed}\`` : `add ${p.bracket === '[' ? ']' : '}'} where it ends`),
      },
      'stray-bracket': {
        message: (p) => `this ${p.bracket} closes no ${p.bracket === ']' ? 'list' : 'mapping'} that was opened before it`,
        hint: 'remove it, or put the text it belongs to in quotes',
      },
    }),
  }),
  'json-syntax': rule({
    severity: 'error',
    summary: 'JSON that cannot be parsed',
    message: (p: { detail: string }) => `JSON cannot be parsed: ${p.detail}`,
    hint: 'fix the syntax here (JSON allows no trailing commas or comments)',
  }),
  'duplicate-key': rule({
    severity: 'error',
    summary: 'a mapping names the same key twice',
    message: () => 'this key appears twice in the same mapping',
    hint: 'keep one of them',
  }),
  'unsafe-yaml': rule<UnsafeYaml>({
    severity: 'error',
    summary: 'custom tags (`!foo`, `!!js/function`), alias bombs, an alias inside the node it names, nesting beyond the limit',
    ...variants<UnsafeYaml>({
      tag: { message: (p) => `the tag ${p.tag} is not allowed: review data holds plain values only`, hint: 'remove the tag' },
      depth: { message: (p) => `the data nests more than ${p.limit} levels deep, beyond the limit`, hint: 'a review needs 4, so flatten it' },
      'depth-unparsed': { message: (p) => `the data nests too deeply to parse (the limit is ${p.limit} levels)`, hint: 'flatten it' },
      'circular-alias': { message: (p) => `the alias *${p.alias} stands inside the node it names, so it would expand for ever`, hint: 'write the value out' },
      'alias-bomb': { message: (p) => `aliases expand beyond the limit of ${p.limit} nodes, which looks like an alias bomb`, hint: 'write the values out or use fewer aliases' },
    }),
  }),
  'required-field': rule({
    severity: 'error',
    summary: 'a required field is missing',
    message: (p: { owner: string; field: string; about?: string }) => `${p.owner} has no ${p.field}${p.about ? ` (${p.about})` : ''}`,
    hint: 'add it',
  }),
  'wrong-type': rule<WrongType>({
    severity: 'error',
    summary: 'a field has the wrong type, or the file holds something other than one mapping',
    ...variants<WrongType>({
      field: { message: (p) => `${subject(p)} must be ${p.expected}, not ${p.actual}`, hint: (p) => (p.about ? `it is ${p.about}` : '') },
      document: { message: (p) => DOCUMENTS[p.document][0], hint: (p) => DOCUMENTS[p.document][1] },
    }),
  }),
  'invalid-value': rule<InvalidValue>({
    severity: 'error',
    summary: 'a value the field does not allow (an unknown `kind`, an empty or blank title, …)',
    ...variants<InvalidValue>({
      choice: { message: (p) => `${subject(p)} is ${p.value}`, hint: (p) => `use one of ${p.allowed.join(', ')}` },
      'empty-list': { message: (p) => `${subject(p)} is empty`, hint: (p) => `add at least ${p.minimum}` },
      'empty-text': { message: (p) => `${subject(p)} is empty`, hint: 'write a value' },
      'too-small': { message: (p) => `${subject(p)} is ${p.value}`, hint: (p) => `it must be at least ${p.minimum}` },
      'too-big': { message: (p) => `${subject(p)} is ${p.value}`, hint: (p) => `it must be at most ${p.maximum}` },
      format: { message: (p) => `${subject(p)} is ${p.value}`, hint: (p) => FORMATS[p.format] },
      blank: { message: (p) => `${p.owner}: ${p.field} holds only white space`, hint: 'write a value' },
      schema: { message: (p) => `${subject(p)} is ${p.value}`, hint: (p) => p.detail },
    }),
  }),
  'unknown-key': rule({
    severity: 'error',
    summary: 'a field the format does not know (usually a typo)',
    message: (p: { owner: string; key: string; suggestion?: string; colon?: boolean }) => `${p.owner} has an unknown field "${p.key}"`,
    hint: (p) =>
      p.suggestion === undefined ? 'remove it or correct its spelling' : `did you mean "${p.suggestion}"?${p.colon ? ` (a colon is missing after "${p.suggestion}")` : ''}`,
  }),
  'invalid-slug': rule<InvalidSlug>({
    severity: 'error',
    summary: 'an id that is not a lowercase slug',
    ...variants<InvalidSlug>({
      id: { message: (p) => `${p.element} id ${p.value} is not a slug`, hint: SLUG_HINT },
      field: { message: (p) => `${subject(p)} ${p.value} is not a slug`, hint: SLUG_HINT },
      'shard-review': {
        message: (p) => `review id ${JSON.stringify(p.value)} is not a slug (lowercase letters, digits and hyphens), so it could name a folder outside the output`,
        hint: 'rebuild the shard with this version; nothing was merged',
      },
    }),
  }),
  'unsafe-path': rule({
    severity: 'error',
    summary: "`--merge-manifests`: a shard manifest's path that leads outside its review's folder; nothing is merged",
    message: (p: { path: string; review: string }) => `path ${JSON.stringify(p.path)} does not stay inside the folder of review "${p.review}" (${p.review}/…)`,
    hint: "a manifest lists only files under its reviews' folders; nothing was merged",
  }),
  'invalid-date': rule({
    severity: 'error',
    summary: 'a date that is not on the calendar (`2025-02-30`)',
    message: (p: FieldValue) => `${subject(p)} is ${p.value}, which is not a calendar date`,
    hint: 'correct it',
  }),
  'invalid-url': rule({
    severity: 'error',
    summary: 'a source URL that is not http(s)',
    message: (p: { owner: string; url: string }) => `${p.owner} has url "${p.url}", which is not an http(s) address`,
    hint: 'use http:// or https://, or leave the url out',
  }),
  'duplicate-id': rule({
    severity: 'error',
    summary: 'two themes, sources, claims or recommendations with the same id',
    message: (p: { owner: string; element: string; first: number }) => `${p.owner} repeats the id of ${p.element} ${p.first}`,
    hint: (p) => `give each ${p.element} its own id`,
  }),
  'duplicate-review-id': rule({
    severity: 'error',
    summary: 'two review files with the same id',
    message: (p: { id: string; earlier: string }) => `review id "${p.id}" is already used by ${p.earlier}`,
    hint: 'give each review file its own id',
  }),
  'duplicate-review': rule({
    severity: 'error',
    summary: 'two review files of the same state at the same session: neither is built (each message names the other file and its position)',
    message: (p: { state: string; session: number; other: string }) =>
      `${p.state} at session ${p.session} is reviewed in this file and in ${p.other}: two briefings of one review, and no telling which one the next review follows, so neither is built`,
    hint: 'merge them into one file (npm run import -- … --into <file> imports into the one you keep), or delete one',
  }),
  'follows-self': rule({
    severity: 'error',
    summary: '`follows` names the review itself',
    message: (p: { id: string }) => `review "${p.id}" names itself under follows`,
    hint: 'name the review of the same state at an earlier session, or remove follows to let the build find it',
  }),
  'unknown-predecessor': rule({
    severity: 'error',
    summary: '`follows` names a review that no file in the data folder declares',
    message: (p: { id: string; follows: string; known: readonly string[] }) =>
      `review "${p.id}" follows "${p.follows}", which no review file in the data folder declares${p.known.length > 0 ? ` (reviews of the same state: ${p.known.join(', ')})` : ''}`,
    hint: 'correct the id, add that review to the data folder, or remove follows to let the build find the latest earlier review',
  }),
  'follows-later': rule({
    severity: 'error',
    summary: '`follows` names a review of the same or a later session',
    message: (p: { id: string; session: number; follows: string; followsSession: number }) =>
      `review "${p.id}" (session ${p.session}) follows "${p.follows}", which is of session ${p.followsSession}, ${p.followsSession === p.session ? 'the same session' : 'a later one'}`,
    hint: 'a review follows one of an earlier session: name that one, or remove follows',
  }),
  'follows-other-state': rule({
    severity: 'error',
    summary: '`follows` names a review of another state',
    message: (p: { id: string; state: string; follows: string; followsState: string }) => `review "${p.id}" of ${p.state} follows "${p.follows}", a review of ${p.followsState}`,
    hint: 'a review follows an earlier review of the same state (the same iso): name that one, or remove follows',
  }),
  'follows-cycle': rule({
    severity: 'error',
    summary: 'reviews that follow each other round in a circle',
    message: (p: { chain: readonly string[] }) => `the reviews follow each other in a circle: ${p.chain.join(' → ')}`,
    hint: 'each review follows one of an earlier session: remove follows from the earliest of them',
  }),
  'predecessor-errors': rule({
    severity: 'warning',
    summary: 'the previous review has errors: this review is built, and its "Since the last review" section says the previous one could not be read',
    message: (p: { id: string; previous: string; reason: string }) => `review "${p.id}" follows "${p.previous}", which could not be read (${p.reason}), so its briefing says so instead of comparing the two`,
    hint: 'fix the previous review and build again',
  }),
  'unknown-previous-recommendation': rule({
    severity: 'error',
    summary: 'a `same_as` or `not_same_as` names a recommendation that the previous review does not hold (or there is no previous review)',
    ...variants<{ kind: 'unknown'; owner: string; field: string; recommendation: string; previous: string } | { kind: 'none'; owner: string; field: string; recommendation: string }>({
      unknown: { message: (p) => `${p.owner} names "${p.recommendation}" under ${p.field}, which is not a recommendation of the previous review, ${p.previous}`, hint: 'name a recommendation of the previous review by its id, or remove it' },
      none: { message: (p) => `${p.owner} names "${p.recommendation}" under ${p.field}, but this review follows no earlier review`, hint: 'add the previous review to the data folder (or name it under follows), or remove it' },
    }),
  }),
  'contradictory-override': rule({
    severity: 'error',
    summary: 'a recommendation says both `same_as` and `not_same_as` of one previous recommendation',
    message: (p: { owner: string; recommendation: string }) => `${p.owner} names "${p.recommendation}" under both same_as and not_same_as`,
    hint: 'keep the one you mean',
  }),
  'unknown-theme': rule({
    severity: 'error',
    summary: "a claim's theme, or one of a recommendation's themes, is not declared",
    message: (p: { owner: string; theme: string }) => `${p.owner} names theme "${p.theme}", which is not declared`,
    hint: 'add it under themes or correct the id',
  }),
  'duplicate-theme': rule({
    severity: 'error',
    summary: 'a recommendation names the same theme twice',
    message: (p: { owner: string; theme: string }) => `${p.owner} names theme "${p.theme}" twice`,
    hint: 'remove one',
  }),
  'unknown-source': rule({
    severity: 'error',
    summary: 'a claim or recommendation cites a source that is not declared',
    message: (p: { owner: string; source: string }) => `${p.owner} cites unknown source "${p.source}"`,
    hint: 'declare it under sources or correct the id',
  }),
  'duplicate-citation': rule({
    severity: 'error',
    summary: 'a claim cites the same source twice (at the same place)',
    message: (p: { owner: string; source: string; at?: string }) => `${p.owner} cites source "${p.source}"${p.at === undefined ? '' : ` at "${p.at}"`} twice`,
    hint: 'remove one',
  }),
  'confirms-not-independent': rule({
    severity: 'warning',
    summary: "a government source marked as confirming the government's own statement (it counts as reporting it)",
    message: (p: { owner: string; source: string }) =>
      `${p.owner} is the government's statement, and source "${p.source}" is the government's own, so it cannot confirm it independently; it counts as reporting it`,
    hint: 'write `role: reports`, or cite an independent source that confirms it',
  }),
  'unknown-claim': rule({
    severity: 'error',
    summary: 'a link (`responds_to`, an assessment\'s `claims`) names a claim that is not declared in the review',
    ...variants<{ kind: 'link'; owner: string; claim: string; field: string } | { kind: 'assessment'; owner: string; claim: string }>({
      link: { message: (p) => `${p.owner} names unknown claim "${p.claim}" under ${p.field}`, hint: 'a link names a claim of this review by its id: correct the id, or remove the link' },
      assessment: { message: (p) => `${p.owner}'s assessment rests on unknown claim "${p.claim}"`, hint: 'name a claim of this review by its id, or remove it' },
    }),
  }),
  'unknown-recommendation': rule({
    severity: 'error',
    summary: 'a claim\'s `bears_on` names a recommendation that is not declared in the review',
    message: (p: { owner: string; recommendation: string; field: string }) => `${p.owner} names unknown recommendation "${p.recommendation}" under ${p.field}`,
    hint: 'a link names a recommendation of this review by its id: correct the id, or remove the link',
  }),
  'link-across-reviews': rule({
    severity: 'error',
    summary: 'a link names a claim or recommendation of another review',
    message: (p: { owner: string; ref: string; field: string; what: string }) => `${p.owner} names "${p.ref}" under ${p.field}, which points into another review`,
    hint: (p) => `links stay inside one review file: name a ${p.what} of this review, or remove the link`,
  }),
  'self-link': rule({
    severity: 'error',
    summary: 'a claim names itself as the claim it answers',
    message: (p: { owner: string }) => `${p.owner} answers itself under responds_to`,
    hint: 'name the claim it answers, or remove the link',
  }),
  'duplicate-link': rule({
    severity: 'error',
    summary: 'a claim or assessment names the same claim or recommendation twice in one list of links',
    ...variants<{ kind: 'link'; owner: string; what: string; ref: string; field: string } | { kind: 'assessment'; owner: string; ref: string }>({
      link: { message: (p) => `${p.owner} names ${p.what} "${p.ref}" twice under ${p.field}`, hint: 'remove one' },
      assessment: { message: (p) => `${p.owner}'s assessment names claim "${p.ref}" twice`, hint: 'remove one' },
    }),
  }),
  'assessment-other-theme': rule({
    severity: 'warning',
    summary: "an assessment rests on a claim of a theme that is not one of the recommendation's",
    message: (p: { owner: string; claim: string; theme: string }) => `${p.owner}'s assessment rests on claim "${p.claim}" of theme "${p.theme}", which is not one of the recommendation's themes`,
    hint: 'check that the claim bears on it, or add the theme to the recommendation',
  }),
  'missing-sources': rule({
    severity: 'error',
    summary: 'a sourced claim cites no source',
    message: (p: { owner: string }) => `${p.owner} is sourced but cites no source`,
    hint: 'add its sources, or mark it `basis: inferred`',
  }),
  'public-claim-restricted-sources': rule({
    severity: 'error',
    summary: 'a claim that is not restricted cites only restricted sources',
    message: (p: { owner: string }) => `${p.owner} is not restricted but cites only restricted sources, so the public edition would show it without support`,
    hint: 'mark the claim `restricted: true`, or cite a source that is not restricted',
  }),
  'unused-source': rule({
    severity: 'warning',
    summary: 'a source that no claim or recommendation cites',
    message: (p: { owner: string }) => `${p.owner} is not cited by any claim or recommendation`,
    hint: 'cite it or remove it',
  }),
  'empty-theme': rule({
    severity: 'warning',
    summary: 'a theme with no claims and no recommendations',
    message: (p: { owner: string }) => `${p.owner} has no claims and no recommendations`,
    hint: 'add claims to it, or remove it',
  }),
  'missing-glyph': rule({
    severity: 'warning',
    summary: 'a character that the bundled font, or one of its faces (bold, italic, bold italic), cannot draw, which the PDF would lose; in the review data or in the briefing config',
    message: (p: Text & { char: string; faces: readonly string[]; allFaces: boolean }) => {
      const lost = p.allFaces
        ? 'which no bundled font can draw, so the PDF would lose it'
        : `which the bundled font's ${list(p.faces)} ${plural(p.faces.length, 'face')} cannot draw, so the PDF would lose it wherever it is set in ${p.faces.length === 1 ? 'that face' : 'them'}`;
      return `${p.owner}: ${p.field} holds "${p.char}" (${codePoint(p.char.codePointAt(0)!)}), ${lost}`;
    },
    hint: 'replace the character or add a font that has it',
  }),
  'template-error': rule<TemplateProblem>({
    severity: 'error',
    summary: 'a template that cannot be compiled or names a missing field, or that would make the PDF load an image, SVG or file, or link elsewhere than http(s)/mailto',
    ...variants<TemplateProblem>({
      handlebars: { message: (p) => p.detail, hint: 'fix the template' },
      parse: {
        message: (p) => (p.unclosed ? 'the template ends inside a block: a {{#…}} is never closed by its {{/…}}' : `the template cannot be parsed on this line (Handlebars found ${p.found})`),
        hint: 'check that every {{ has its }} and every {{#block}} its {{/block}}',
      },
      missing: { message: (p) => `there is no template ${p.name}`, hint: 'restore it from the project' },
      markup: { message: (p) => `the rendered briefing markup is not well formed: ${p.detail} (line ${p.line} of the output)`, hint: 'fix the template' },
      external: { message: (p) => `the briefing would load ${p.reference}`, hint: 'a briefing may not fetch or read anything; fix the template' },
    }),
  }),
  'untagged-pdf': rule<TaggingProblem>({
    severity: 'warning',
    summary: "the briefing's structure tree (for screen readers) fails one of the checks the build makes before it claims PDF/UA-1: text outside the tree, a heading level skipped, a figure without alternative text, a table without header cells, a link outside its Link element, no language or no title; the PDF is then written untagged, without the claim",
    message: (p) => `the briefing's structure tree fails the ${p.check} check: ${p.detail}; the PDF was written untagged and does not claim to be accessible (PDF/UA-1)`,
    hint: (p) => TAGGING_HINTS[p.check] ?? 'fix the template',
  }),
  'invalid-logo': rule<LogoProblem>({
    severity: 'error',
    summary: "the config's logo is a URL, leads outside `templates/`, cannot be read, or is not the PNG or SVG its name says",
    ...variants<LogoProblem>({
      url: { message: (p) => `logo "${p.logo}" is a URL`, hint: 'the logo must be a PNG or SVG file inside templates/, such as assets/logo.svg' },
      outside: { message: (p) => `logo "${p.logo}" leads outside templates/`, hint: 'put the file in templates/assets/ and give its path relative to templates/' },
      'not-png-or-svg': { message: (p) => `logo "${p.logo}" is neither a .png nor a .svg file`, hint: 'convert it to PNG or SVG' },
      link: { message: (p) => `logo "${p.logo}" leads outside templates/ through a link`, hint: 'put the file itself in templates/assets/' },
      unreadable: { message: (p) => `logo "${p.logo}" cannot be read (${p.code})`, hint: 'check the path, relative to templates/' },
      'not-png': { message: (p) => `logo "${p.logo}" is not a PNG file`, hint: 'export it again as PNG' },
      'not-svg': { message: (p) => `logo "${p.logo}" is not an SVG document`, hint: 'export it again as SVG' },
    }),
  }),
  'unsafe-header': rule({
    severity: 'error',
    summary:
      "a stakeholder's name or address holds a line break, a C0 or C1 control (NEL among them), U+2028, U+2029 or a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C): header injection, or a name shown in another order than stored; the message gives the character and its position",
    message: (p: Hazard) => `${hazard(p)}, a line break, control or direction character that could inject mail headers or disguise the text`,
    hint: 'write it on one line without it',
  }),
  'invalid-key': rule<KeyProblem>({
    severity: 'error',
    summary: "a recipient's `openpgp_key` is not a public key (a private key is refused outright), or cannot encrypt (expired, revoked)",
    ...variants<KeyProblem>({
      'not-a-key': {
        message: (p) => `${p.owner}: "openpgp_key" is not an OpenPGP public key (${p.detail})`,
        hint: 'paste the whole block from -----BEGIN PGP PUBLIC KEY BLOCK----- to its END line',
      },
      private: { message: (p) => `${p.owner}: "openpgp_key" holds a private key`, hint: "remove it from the file at once, and paste the recipient's public key instead" },
      'no-encryption': { message: (p) => `${p.owner}: "openpgp_key" cannot be used for encryption (${p.detail})`, hint: 'ask the recipient for a current key' },
    }),
  }),
  'artefact-mismatch': rule<ArtefactProblem>({
    severity: 'error',
    summary: '`npm run distribute`: a PDF or `summary.txt` changed or went missing after the build; that message is not sent',
    ...variants<ArtefactProblem>({
      missing: { message: (p) => `the file is missing although ${p.manifest} lists it`, hint: 'run npm run build again' },
      changed: {
        message: (p) => `the file was changed after the build (its sha256 is not the one ${p.manifest} lists), so it is not sent`,
        hint: 'run npm run build again to rebuild it from the data',
      },
    }),
  }),
  'invalid-email': rule({
    severity: 'error',
    summary: "a stakeholder's address is not one plain address (`name@example.org`; no display name)",
    message: (p: { owner: string; email: string }) => `${p.owner}: "email" is "${p.email}", which does not parse as an e-mail address`,
    hint: 'write one plain address such as name@example.org',
  }),
  'duplicate-recipient': rule({
    severity: 'error',
    summary: 'one address listed as two recipients',
    message: (p: { owner: string; first: number }) => `${p.owner} is listed twice (first as recipient ${p.first})`,
    hint: 'merge the two entries into one',
  }),
  'unknown-review': rule({
    severity: 'error',
    summary: 'a recipient names a review that is not built',
    message: (p: { owner: string; review: string }) => `${p.owner} is to receive review "${p.review}", which is not built`,
    hint: 'correct the id, or add and build the review',
  }),
  'ledger-line': rule<LedgerLine>({
    severity: 'warning',
    summary: 'a delivery ledger line that cannot be read (its briefing may be sent again)',
    ...variants<LedgerLine>({
      unreadable: { message: () => 'this line is not a delivery record and is ignored, so its briefing may be sent again', hint: 'remove the line' },
      torn: { message: () => 'the last line is incomplete (a run was cut short while writing it) and records nothing', hint: 'it is left as it is' },
    }),
  }),
  'csv-syntax': rule({
    severity: 'error',
    summary: '`npm run import`: the export cannot be read as CSV (a quote never closed); nothing is imported',
    message: (p: { line: number }) => `the file cannot be read as CSV: the quote that opens a field on line ${p.line} is never closed`,
    hint: 'check for a quote that is never closed, fix the export, and import again',
  }),
  'missing-column': rule<MissingColumn>({
    severity: 'error',
    summary: "`npm run import`: the export's header lacks a column the format needs, or matches no layout the importer knows; nothing is imported",
    ...variants<MissingColumn>({
      columns: { message: (p) => `the header lacks the ${plural(p.columns.length, 'column')} ${p.columns.join(', ')}`, hint: (p) => `is this a ${p.format} export? ${p.layout}` },
      layout: {
        message: (p) => `the header matches no layout this tool knows: the file was read as ${p.described}, and its first row has ${shownHeader(p.header)}`,
        hint: (p) => `${p.layout}. Check that this is an export of recommendations; if the columns run together, the file uses a separator other than commas, semicolons or tabs`,
      },
    }),
  }),
  'unknown-column': rule({
    severity: 'warning',
    summary: '`npm run import`: a column the format does not read; its values are ignored',
    message: (p: { column: number; name: string }) => `column ${p.column} "${p.name}" is not one this format reads`,
    hint: 'its values are ignored',
  }),
  'duplicate-column': rule({
    severity: 'error',
    summary: '`npm run import`: two columns that mean the same field; nothing is imported',
    message: (p: { columns: readonly number[]; field: string }) => `columns ${p.columns.join(' and ')} are both ${p.field}`,
    hint: 'keep one of them in the export and import again',
  }),
  'unsupported-file': rule<Unsupported>({
    severity: 'error',
    summary: '`npm run import`: a file that is no export the importer reads (a Word document, a PDF, a password-protected workbook, a ZIP that would unpack beyond the limit, …)',
    ...variants<Unsupported>({
      binary: { message: (p) => `the file is ${p.what}, not an export`, hint: EXPORT_INSTEAD },
      'not-workbook': { message: (p) => `the file is ${FILE_KINDS[p.file][0]}`, hint: (p) => FILE_KINDS[p.file][1] },
      unpacked: { message: (p) => `the file is a ZIP archive that would unpack to ${bytes(p.size)}, more than the limit of ${bytes(p.limit)}`, hint: 'export fewer rows' },
      unopenable: {
        message: (p) => `the file starts like ${p.container === 'ole' ? 'an Excel 97–2003 workbook' : 'a ZIP archive'} but cannot be opened (${p.detail})`,
        hint: 'save it again from your spreadsheet',
      },
      unreadable: { message: (p) => `${p.workbook} that cannot be read (${p.detail})`, hint: 'save it again from your spreadsheet' },
      'no-sheet': { message: (p) => `${p.workbook} with no worksheet`, hint: 'export the recommendations again' },
    }),
  }),
  'unknown-state': rule({
    severity: 'warning',
    summary: '`npm run import`: a state that is not in the table of UN member and observer states (its review gets no `iso`)',
    message: (p: { state: string }) =>
      `"${p.state}" is not in the table of UN member and observer states (scripts/lib/review/states.ts), so its review has no iso and its id comes from the name`,
    hint: 'if it is a state under another name, add the name to the table',
  }),
  'import-conflict': rule<ImportConflict>({
    severity: 'error',
    summary: '`npm run import`: a review file that an import cannot update without breaking what a person wrote (an alias into the recommendations, an anchor in a flow list); nothing is written',
    ...variants<ImportConflict>({
      unstable: {
        message: () => 'the import could not write its changes into this file without changing what you wrote (the result would not read back the same)',
        hint: 'nothing was written: please report it, with the file',
      },
      alias: {
        message: (p) => `the alias *${p.alias} refers to an anchor inside recommendations (line ${p.line}), which an import replaces`,
        hint: 'write the value out here instead of the alias, and import again',
      },
      'flow-list': {
        message: (p) => `"${p.key}" is a flow list ([…]) that holds a YAML ${p.node}; an import rewrites that list whole, which would break it`,
        hint: 'write the list one item per line ("- id: …") or write the value out, and import again',
      },
    }),
  }),
  'malformed-row': rule({
    severity: 'error',
    summary: '`npm run import`: a row with the wrong number of fields, an unknown response, an empty text, state, recommending state or issue, a session or action that is not a number in range, or a text the build would refuse (beyond the limits, a control character); the row is skipped',
    message: (p: { problems: readonly RowProblem[] }) => p.problems.map(rowProblem).join('; '),
    hint: 'the row is skipped: correct it in the export and import again',
  }),
  'too-large': rule<TooLarge>({
    severity: 'error',
    summary: 'a file, list or text beyond the [limits](#limits-and-guarantees); for `npm run import`, an export beyond the import limits (size, rows, columns)',
    ...variants<TooLarge>({
      file: { message: (p) => `the file is ${bytes(p.size)}, more than the limit of ${bytes(p.limit)} for one review`, hint: 'split it into several reviews or shorten it' },
      list: { message: (p) => `"${p.list}" has ${count(p.items)} items, more than the limit of ${count(p.limit)}`, hint: 'split the review into several files' },
      text: { message: (p) => `${p.owner}: ${p.field} has ${count(p.length)} characters, more than the limit of ${count(p.limit)}`, hint: 'shorten it or split it' },
      'item-list': { message: (p) => `${p.owner}: ${p.field} has ${count(p.items)} items, more than the limit of ${count(p.limit)}`, hint: 'keep the ones that matter' },
      'flow-list': {
        message: (p) =>
          `this list ([…]) holds more than ${count(p.limit)} items, beyond every limit of a review (${count(p.limit)} themes, sources or claims; ${count(p.itemLimit)} tags, issues or sources of one item)`,
        hint: 'shorten it',
      },
      export: { message: (p) => `the file is ${bytes(p.size)}, more than the limit of ${bytes(p.limit)} for one export`, hint: 'export one state or one session at a time' },
      rows: { message: (p) => `the export has more than ${count(p.limit)} rows, the limit of one import`, hint: 'nothing was imported: export one state, session or cycle at a time' },
      columns: { message: (p) => `the header has ${count(p.columns)} columns, more than the limit of ${count(p.limit)}`, hint: 'is this an export of recommendations?' },
    }),
  }),
  'control-character': rule({
    severity: 'error',
    summary: 'a control character (NUL, ESC, bell, …) inside text; tab and line breaks are fine',
    message: hazard,
    hint: 'remove it; it is usually left over from a copy and paste',
  }),
  'lone-surrogate': rule({
    severity: 'error',
    summary: 'half of a UTF-16 surrogate pair (`"\\ud83d"`), which is no character at all',
    message: hazard,
    hint: 'it is half of an emoji or other character that was cut in two; restore or remove it',
  }),
  'bidi-control': rule({
    severity: 'error',
    summary: 'a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069) that can make text display in another order than it is stored',
    message: hazard,
    hint: 'it can make the text display in another order than it is stored; remove it',
  }),
  'invisible-character': rule({
    severity: 'warning',
    summary: 'a zero-width space or joiner, soft hyphen, word joiner, left-to-right or right-to-left mark, or a byte order mark inside text',
    message: hazard,
    hint: 'it is invisible in every output; remove it, or keep it deliberately and ignore this warning',
  }),
} satisfies Record<string, Rule<never>>;

export type RuleId = keyof typeof rules;
export type RuleParams<R extends RuleId> = Parameters<(typeof rules)[R]['message']>[0];
/** The parameters a rule's message takes: none for a rule whose wording is fixed. */
export type RuleArgs<R extends RuleId> = [RuleParams<R>] extends [void] ? [] : [RuleParams<R>];

export function isRuleId(value: unknown): value is RuleId {
  return typeof value === 'string' && Object.hasOwn(rules, value);
}

/** The text a message prints: what happened, then how to fix it. */
export function reasonOf<R extends RuleId>(ruleId: R, ...[params]: RuleArgs<R>): string {
  const r = rules[ruleId] as Rule<RuleParams<R> | undefined>;
  const hint = typeof r.hint === 'function' ? r.hint(params) : r.hint;
  const message = r.message(params);
  return hint ? `${message}; ${hint}` : message;
}
