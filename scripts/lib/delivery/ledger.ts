import { createMessage, type Message } from '../diagnostics/message.js';
import { sha256Hex } from '../build/manifest.js';
import { isEditionName, type EditionName } from '../edition/edition.js';

/** One message the SMTP server accepted: a line of the delivery ledger (JSON Lines). */
export interface LedgerEntry {
  recipient: string;
  review: string;
  edition: EditionName;
  /** sha256 of the PDF that was attached */
  sha256: string;
  /**
   * sha256 of what the reader sees as content: the data the PDF embeds (review.json) and the summary. A
   * briefing is re-sent only when this changes; entries from before it existed are matched by `sha256`.
   * It also names the copy of that data kept beside the ledger (versions/<content>.json) for "what changed".
   */
  content?: string;
  /** when the server accepted it, ISO 8601 (for people; never compared) */
  at: string;
  /** the server's answer, e.g. `250 OK: queued as …` */
  response?: string;
}

interface Ledger {
  entries: LedgerEntry[];
  messages: Message[];
}

function isEntry(value: unknown): value is LedgerEntry {
  const e = value as Partial<LedgerEntry> | null;
  return (
    typeof e === 'object' && e !== null && typeof e.recipient === 'string' && typeof e.review === 'string' &&
    isEditionName(e.edition) && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256) &&
    (e.content === undefined || (typeof e.content === 'string' && /^[0-9a-f]{64}$/.test(e.content)))
  );
}

/**
 * Reads the ledger. A line that is not an entry is reported and ignored: at worst that briefing is sent again.
 * A last line without its newline is a write a crash cut short; it records nothing.
 */
export function parseLedger(path: string, text: string): Ledger {
  const lines = text.split('\n');
  // the piece after the last newline is either empty or a torn write
  const complete = lines.slice(0, -1);
  const messages: Message[] = [];
  const entries: LedgerEntry[] = [];
  complete.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      value = undefined;
    }
    if (isEntry(value)) entries.push(value);
    else messages.push(createMessage(path, { line: i + 1, column: 1 }, 'ledger-line', { kind: 'unreadable' }));
  });
  const torn = !text.endsWith('\n') && text !== '';
  if (torn) messages.push(createMessage(path, { line: lines.length, column: 1 }, 'ledger-line', { kind: 'torn' }));
  return { entries, messages };
}

export function ledgerLine(entry: LedgerEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

export function deliveryKey(recipient: string, review: string, edition: EditionName): string {
  return `${recipient.toLowerCase()}\u0000${review}\u0000${edition}`;
}

/** The set of (recipient, review, edition, content) already delivered; an entry without content counts by its PDF's sha256. */
export function deliveredSet(entries: readonly LedgerEntry[]): Set<string> {
  return new Set(entries.map((e) => `${deliveryKey(e.recipient, e.review, e.edition)}\u0000${e.content ?? `pdf:${e.sha256}`}`));
}

/** The last entry for each (recipient, review, edition): what that recipient last received. */
export function lastDelivered(entries: readonly LedgerEntry[]): Map<string, LedgerEntry> {
  return new Map(entries.map((e) => [deliveryKey(e.recipient, e.review, e.edition), e]));
}

/**
 * The content key of a briefing: the data its PDF embeds (review.json) and its summary.txt. Output options that
 * change only a file's encoding (--excel), the PDF's date or its layout leave it as it is; a PDF without readable
 * data counts by its own bytes.
 */
export function contentKey(data: Uint8Array | undefined, summary: Uint8Array, pdf: Uint8Array): string {
  return sha256Hex(`${sha256Hex(data ?? pdf)}  ${data ? 'review.json' : 'briefing.pdf'}\n${sha256Hex(summary)}  summary.txt\n`);
}
