import { z } from 'zod';
import { compareMessages, createMessage, hasErrors, type Message } from '../diagnostics/message.js';
import type { RuleId } from '../diagnostics/rules.js';
import { describeOwner } from '../source/describe.js';
import { EDITIONS } from '../edition/edition.js';
import { parseData } from '../source/parse.js';
import { SLUG } from '../source/slug.js';
import { schemaMessages } from '../source/schema-messages.js';
import { locate, type DataPath, type SourceFile } from '../source/positions.js';
import { describeChar, positionOf } from '../source/hazards.js';

/** data/stakeholders.yaml: who sends the briefings, and who receives which edition of which review. */

const person = {
  name: z.string().min(1).meta({ description: 'Display name, as it appears in the To or From header' }),
  email: z.string().min(1).meta({ description: 'A plain address such as analyst@example.org', format: 'email' }),
};

export const recipientSchema = z.strictObject({
  ...person,
  edition: z.enum(EDITIONS).meta({ description: 'public: restricted material removed; restricted: the complete edition' }),
  reviews: z
    .union([z.literal('all'), z.array(z.string().regex(SLUG)).min(1)], { error: 'write all, or a list of review ids such as [kz-upr48]' })
    .meta({ description: 'Review ids this recipient receives, or all' }),
  digest: z.boolean().optional().meta({ description: 'true: all changed briefings in one message; false: one message per briefing; absent: a digest when more than digest_above changed' }),
  drafts: z.boolean().optional().meta({ description: 'true: also receive reviews whose status is draft (reviewers inside the organisation); otherwise only final reviews' }),
  openpgp_key: z
    .string()
    .min(1)
    .optional()
    .meta({ description: 'The recipient\'s OpenPGP public key, ASCII-armoured (-----BEGIN PGP PUBLIC KEY BLOCK-----); restricted editions are encrypted to it' }),
  unencrypted: z
    .literal('accepted')
    .optional()
    .meta({ description: 'accepted: a restricted recipient without openpgp_key may receive the restricted edition unencrypted; without it, the run holds it back' }),
});

export const stakeholdersSchema = z
  .strictObject({
    $schema: z.string().optional(),
    sender: z.strictObject(person).meta({ description: 'The From address of every message' }),
    recipients: z.array(recipientSchema).min(1),
    digest_above: z.number().int().min(0).default(3).meta({ description: 'A recipient with more changed briefings than this in one run gets them in one digest message (unless their digest says otherwise)' }),
  })
  .meta({ title: 'UPR briefing stakeholders', description: 'The sender and recipients of npm run distribute.' });

export type Stakeholders = z.output<typeof stakeholdersSchema>;
export type Recipient = Stakeholders['recipients'][number];
export type Person = Stakeholders['sender'];

/** The WHATWG form of a valid e-mail address: one plain address, no display name, no comments. */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/**
 * CR, LF and the other C0 and C1 controls (NEL among them), the Unicode line and paragraph separators, and the
 * bidirectional controls: each could let a value break out of its mail header, or show a name in another order
 * than it is stored (U+202E makes `moc.elpmaxe@` read as an address it is not).
 */
export const UNSAFE_IN_HEADER = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export interface CheckedStakeholders {
  stakeholders?: Stakeholders;
  messages: Message[];
  /** the parsed file, for positions of later checks (the recipients' keys) */
  source?: SourceFile;
}

type Report = (path: DataPath, rule: RuleId, reason: string, char?: string) => void;
type Item = Record<string, unknown>;

function people(data: Item): { path: DataPath; value: Item }[] {
  const sender = typeof data.sender === 'object' && data.sender !== null ? [{ path: ['sender'], value: data.sender as Item }] : [];
  const list = Array.isArray(data.recipients) ? (data.recipients as unknown[]) : [];
  const recipients = list.flatMap((r, i) => (typeof r === 'object' && r !== null ? [{ path: ['recipients', i], value: r as Item }] : []));
  return [...sender, ...recipients];
}

function checkHeaders(data: Item, report: Report): void {
  for (const { path, value } of people(data)) {
    const owner = describeOwner(data, [...path, 'name'], 'the file');
    for (const field of ['name', 'email'] as const) {
      const text = value[field];
      if (typeof text !== 'string') continue;
      const unsafe = UNSAFE_IN_HEADER.exec(text);
      if (unsafe) {
        const at = [...text.slice(0, unsafe.index)].length + 1;
        const reason = `${owner}: "${field}" holds ${describeChar(unsafe[0].codePointAt(0)!)} at character ${at}, a line break, control or direction character that could inject mail headers or disguise the text; write it on one line without it`;
        report([...path, field], 'unsafe-header', reason, unsafe[0]);
      } else if (field === 'email' && text !== '' && !EMAIL.test(text)) {
        report([...path, field], 'invalid-email', `${owner}: "email" is "${text}", which does not parse as an e-mail address; write one plain address such as name@example.org`);
      }
    }
  }
}

function checkRecipients(data: Item, knownReviews: ReadonlySet<string> | undefined, report: Report): void {
  const seen = new Map<string, number>();
  for (const { path, value } of people(data).filter((p) => p.path[0] === 'recipients')) {
    const owner = describeOwner(data, [...path, 'name'], 'the file');
    if (typeof value.email === 'string') {
      const key = value.email.toLowerCase();
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, Number(path[1]));
      else report([...path, 'email'], 'duplicate-recipient', `${owner} is listed twice (first as recipient ${earlier + 1}); merge the two entries into one`);
    }
    if (!knownReviews || !Array.isArray(value.reviews)) continue;
    (value.reviews as unknown[]).forEach((id, j) => {
      if (typeof id === 'string' && !knownReviews.has(id)) {
        report([...path, 'reviews', j], 'unknown-review', `${owner} is to receive review "${id}", which is not built; correct the id, or add and build the review`);
      }
    });
  }
}

/**
 * Parses and validates a stakeholders file. With `knownReviews`, review ids that are not built are errors too.
 * `stakeholders` is set only when the file has no errors.
 */
export function checkStakeholdersFile(path: string, bytes: Uint8Array, knownReviews?: ReadonlySet<string>): CheckedStakeholders {
  const parsed = parseData(path, bytes);
  if (!parsed.source || parsed.data === undefined) return { messages: parsed.messages };
  const { source, data } = parsed;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const reason = 'the file must hold one mapping with sender and recipients; see data/stakeholders.schema.json';
    return { messages: [createMessage(path, locate(source, []), 'wrong-type', reason)] };
  }
  const messages: Message[] = [];
  const report: Report = (at, rule, reason, char) => messages.push(createMessage(path, char ? positionOf(source, at, char) : locate(source, at), rule, reason));
  const result = stakeholdersSchema.safeParse(data);
  if (!result.success) messages.push(...schemaMessages(result.error.issues, data, source, 'the file'));
  checkHeaders(data as Item, report);
  checkRecipients(data as Item, knownReviews, report);
  messages.sort(compareMessages);
  return { messages, source, stakeholders: result.success && !hasErrors(messages) ? result.data : undefined };
}

/** The review ids a recipient receives, out of those built. */
export function reviewsOf(recipient: Recipient, built: readonly string[]): string[] {
  return recipient.reviews === 'all' ? [...built] : built.filter((id) => (recipient.reviews as string[]).includes(id));
}
