import { inflateSync } from 'node:zlib';

/** A PDF name as pdfkit writes it: `/` and other delimiters escaped as `#xx`. */
const pdfName = (value: string) => value.replace(/[^A-Za-z0-9.+-]/g, (c) => `#${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * The embedded file of the given media type in a briefing PDF this tool wrote (pdfkit writes each as an
 * `/EmbeddedFile` stream with its `/Subtype`, `/Length` and, when compressed, `/FlateDecode`). Undefined
 * when there is none or it cannot be read: callers treat that as "no earlier data".
 */
export function embeddedFile(pdf: Uint8Array, mediaType: string): Uint8Array | undefined {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const subtype = `/Subtype /${pdfName(mediaType)}`;
  for (let at = text.indexOf('/Type /EmbeddedFile'); at !== -1; at = text.indexOf('/Type /EmbeddedFile', at + 1)) {
    const start = text.indexOf('stream', at);
    const dict = text.slice(at, start);
    const length = /\/Length (\d+)/.exec(dict);
    if (start === -1 || !dict.includes(subtype) || !length) continue;
    const body = start + 'stream'.length + (text[start + 6] === '\r' ? 2 : 1);
    const bytes = pdf.subarray(body, body + Number(length[1]));
    try {
      return new Uint8Array(dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The review data a briefing PDF embeds (`review.json`), as bytes. */
export const embeddedReview = (pdf: Uint8Array) => embeddedFile(pdf, 'application/json');
