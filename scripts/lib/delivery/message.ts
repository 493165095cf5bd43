import type { SendMailOptions } from 'nodemailer';
import type { Delivery } from './plan.js';
import type { Person } from './stakeholders.js';

/** Any run of white space, line breaks included, becomes one space: a header value stays on its line. */
const oneLine = (text: string) => text.replace(/[\s\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();

export function subjectOf(delivery: Delivery): string {
  const { title, label, status } = delivery.briefing;
  return `${status === 'final' ? '' : '[DRAFT] '}${oneLine(title)} (${label} edition)`;
}

export function attachmentName(delivery: Delivery): string {
  const { review, label } = delivery.briefing;
  return `${review}${label === 'public' ? '' : `-${label}`}.pdf`;
}

/** One briefing of a message, with its files read (and checked) and its "what changed" list. */
export interface Loaded {
  delivery: Delivery;
  pdf: Uint8Array;
  summary: string;
  changes: string;
}

function digestSubject(group: readonly Loaded[]): string {
  const drafts = group.some((l) => l.delivery.briefing.status !== 'final');
  return `${drafts ? '[DRAFT] ' : ''}UPR briefings: ${group.length} changed since your last delivery`;
}

/** A digest's body: each briefing's title, edition, attachment name and what changed, in order. */
function digestBody(group: readonly Loaded[]): string {
  const items = group.map(({ delivery, changes }, i) => `${i + 1}. ${subjectOf(delivery)}\n   attached as ${attachmentName(delivery)}\n\n${changes}`);
  return `${group.length} briefings changed since you last received them; each is attached, its summary inside the PDF.\n\n${items.join('\n')}`;
}

/**
 * The message for one delivery, or the digest of several for one recipient. A single briefing's body is its
 * "what changed" list and then the edition's summary.txt; the PDFs are attached as bytes, never by path.
 */
export function composeMessage(group: readonly Loaded[], sender: Person): SendMailOptions {
  const [first] = group;
  if (!first) throw new Error('composeMessage needs at least one briefing');
  const { recipient } = first.delivery;
  return {
    from: { name: oneLine(sender.name), address: sender.email },
    to: { name: oneLine(recipient.name), address: recipient.email },
    subject: group.length === 1 ? subjectOf(first.delivery) : digestSubject(group),
    text: group.length === 1 ? `${first.changes}\n${first.summary}` : digestBody(group),
    attachments: group.map(({ delivery, pdf }) => ({ filename: attachmentName(delivery), content: Buffer.from(pdf), contentType: 'application/pdf' })),
    headers: { 'X-UPR-Briefing': group.map(({ delivery: { briefing: b } }) => `${b.review}; edition=${b.label}; status=${b.status}; sha256=${b.pdf.sha256}`) },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** A file name for a dry run's .eml: review (or `digest`), edition and a safe form of the address. */
export function emlName(group: readonly Delivery[]): string {
  const [first] = group;
  const address = first!.recipient.email.toLowerCase().replace(/[^a-z0-9@._-]/g, '_');
  return `${group.length === 1 ? first!.briefing.review : 'digest'}.${first!.recipient.edition}.${address}.eml`;
}
