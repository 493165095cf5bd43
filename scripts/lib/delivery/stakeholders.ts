import { z } from 'zod';
import type { Message } from '../diagnostics/message.js';
import { EDITIONS } from '../edition/edition.js';
import { checkDataFile, reporter, type Report } from '../source/data-file.js';
import { describeOwner } from '../source/describe.js';
import type { DataPath, SourceFile } from '../source/positions.js';
import { SLUG } from '../source/slug.js';

/** data/stakeholders.yaml: who sends the briefings, and who receives which edition of which review. */

const person = {
  name: z.string().min(1).meta({ description: 'Display name, as it appears in the To or From header' }),
  email: z.string().min(1).meta({ description: 'A plain address such as analyst@example.org', format: 'email' }),
};

const recipientSchema = z.strictObject({
  ...person,
  edition: z.enum(EDITIONS).meta({ description: 'public: restricted material removed; restricted: the complete edition' }),
  reviews: z
    .union([z.literal('all'), z.array(z.string().regex(SLUG)).min(1)], { error: 'write all, or a list of review ids such as [kz-upr48]' })
    .meta({ description: 'Review ids this recipient receives, or all' }),
});

export const stakeholdersSchema = z
  .strictObject({
    $schema: z.string().optional(),
    sender: z.strictObject(person).meta({ description: 'The From address of every message' }),
    recipients: z.array(recipientSchema).min(1),
  })
  .meta({ title: 'UPR briefing stakeholders', description: 'The sender and recipients of npm run distribute.' });

type Stakeholders = z.output<typeof stakeholdersSchema>;
export type Recipient = Stakeholders['recipients'][number];
export type Person = Stakeholders['sender'];

/** The WHATWG form of a valid e-mail address: one plain address, no display name, no comments. */
const EMAIL = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
/** CR, LF and the other control characters would let a value break out of its mail header. */
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The file's top level, as messages name it. */
const WHOLE = 'the file';

interface CheckedStakeholders {
  stakeholders?: Stakeholders;
  messages: Message[];
}

type Item = Record<string, unknown>;

function people(data: Item): { path: DataPath; value: Item }[] {
  const sender = typeof data.sender === 'object' && data.sender !== null ? [{ path: ['sender'], value: data.sender as Item }] : [];
  const list = Array.isArray(data.recipients) ? (data.recipients as unknown[]) : [];
  const recipients = list.flatMap((r, i) => (typeof r === 'object' && r !== null ? [{ path: ['recipients', i], value: r as Item }] : []));
  return [...sender, ...recipients];
}

function checkHeaders(data: Item, report: Report): void {
  for (const { path, value } of people(data)) {
    const owner = describeOwner(data, [...path, 'name'], WHOLE);
    for (const field of ['name', 'email'] as const) {
      const text = value[field];
      if (typeof text !== 'string') continue;
      if (CONTROL.test(text)) report([...path, field], 'unsafe-header', { owner, field: `"${field}"` });
      else if (field === 'email' && text !== '' && !EMAIL.test(text)) report([...path, field], 'invalid-email', { owner, email: text });
    }
  }
}

function checkRecipients(data: Item, knownReviews: ReadonlySet<string> | undefined, report: Report): void {
  const seen = new Map<string, number>();
  for (const { path, value } of people(data).filter((p) => p.path[0] === 'recipients')) {
    const owner = describeOwner(data, [...path, 'name'], WHOLE);
    if (typeof value.email === 'string') {
      const key = value.email.toLowerCase();
      const earlier = seen.get(key);
      if (earlier === undefined) seen.set(key, Number(path[1]));
      else report([...path, 'email'], 'duplicate-recipient', { owner, first: earlier + 1 });
    }
    if (!knownReviews || !Array.isArray(value.reviews)) continue;
    (value.reviews as unknown[]).forEach((id, j) => {
      if (typeof id === 'string' && !knownReviews.has(id)) report([...path, 'reviews', j], 'unknown-review', { owner, review: id });
    });
  }
}

/**
 * Parses and validates a stakeholders file. With `knownReviews`, review ids that are not built are errors too.
 * `stakeholders` is set only when the file has no errors.
 */
export function checkStakeholdersFile(path: string, bytes: Uint8Array, knownReviews?: ReadonlySet<string>): CheckedStakeholders {
  const checks = (data: Item, source: SourceFile): Message[] => {
    const messages: Message[] = [];
    const report = reporter(source, messages);
    checkHeaders(data, report);
    checkRecipients(data, knownReviews, report);
    return messages;
  };
  const { value, messages } = checkDataFile({ path, bytes }, { document: 'stakeholders', whole: WHOLE, schema: stakeholdersSchema, checks });
  return { messages, stakeholders: value };
}

/** The review ids a recipient receives, out of those built. */
export function reviewsOf(recipient: Recipient, built: readonly string[]): string[] {
  return recipient.reviews === 'all' ? [...built] : built.filter((id) => (recipient.reviews as string[]).includes(id));
}
