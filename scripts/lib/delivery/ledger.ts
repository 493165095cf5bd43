import { createMessage, type Message } from '../diagnostics/message.js';
import { isEditionName, type EditionName } from '../edition/edition.js';

/** One message the SMTP server accepted: a line of the delivery ledger (JSON Lines). */
export interface LedgerEntry {
  recipient: string;
  review: string;
  edition: EditionName;
  /** sha256 of the PDF that was attached */
  sha256: string;
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
    isEditionName(e.edition) && typeof e.sha256 === 'string' && /^[0-9a-f]{64}$/.test(e.sha256)
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

/** The set of (recipient, review, edition, sha256) already delivered. */
export function deliveredSet(entries: readonly LedgerEntry[]): Set<string> {
  return new Set(entries.map((e) => `${deliveryKey(e.recipient, e.review, e.edition)}\u0000${e.sha256}`));
}
