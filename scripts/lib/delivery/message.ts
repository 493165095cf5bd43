import type { SendMailOptions } from 'nodemailer';
import type { Delivery } from './plan.js';
import type { Person } from './stakeholders.js';

/** Any run of white space, line breaks included, becomes one space: a header value stays on its line. */
const oneLine = (text: string) => text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();

export function subjectOf(delivery: Delivery): string {
  return `${oneLine(delivery.briefing.title)} (${delivery.briefing.edition} edition)`;
}

function attachmentName(delivery: Delivery): string {
  const { review, edition } = delivery.briefing;
  return `${review}${edition === 'public' ? '' : `-${edition}`}.pdf`;
}

/** The message for one delivery: body is the edition's summary.txt, the PDF is attached as bytes, never by path. */
export function composeMessage(delivery: Delivery, sender: Person, summary: string, pdf: Uint8Array): SendMailOptions {
  const { briefing, recipient } = delivery;
  return {
    from: { name: oneLine(sender.name), address: sender.email },
    to: { name: oneLine(recipient.name), address: recipient.email },
    subject: subjectOf(delivery),
    text: summary,
    attachments: [{ filename: attachmentName(delivery), content: Buffer.from(pdf), contentType: 'application/pdf' }],
    headers: { 'X-UPR-Briefing': `${briefing.review}; edition=${briefing.edition}; sha256=${briefing.sha256}` },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** A file name for a dry run's .eml: review, edition and a safe form of the address. */
export function emlName(delivery: Delivery): string {
  const address = delivery.recipient.email.toLowerCase().replace(/[^a-z0-9@._-]/g, '_');
  return `${delivery.briefing.review}.${delivery.briefing.edition}.${address}.eml`;
}
