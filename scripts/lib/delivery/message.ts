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

/** The message for one delivery: body is the edition's summary.txt, the PDF is attached as bytes, never by path. */
export function composeMessage(delivery: Delivery, sender: Person, summary: string, pdf: Uint8Array): SendMailOptions {
  const { briefing, recipient } = delivery;
  return {
    from: { name: oneLine(sender.name), address: sender.email },
    to: { name: oneLine(recipient.name), address: recipient.email },
    subject: subjectOf(delivery),
    text: summary,
    attachments: [{ filename: attachmentName(delivery), content: Buffer.from(pdf), contentType: 'application/pdf' }],
    headers: { 'X-UPR-Briefing': `${briefing.review}; edition=${briefing.label}; status=${briefing.status}; sha256=${briefing.pdf.sha256}` },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/** A file name for a dry run's .eml: review, edition and a safe form of the address. */
export function emlName(delivery: Delivery): string {
  const address = delivery.recipient.email.toLowerCase().replace(/[^a-z0-9@._-]/g, '_');
  return `${delivery.briefing.review}.${delivery.briefing.edition}.${address}.eml`;
}
