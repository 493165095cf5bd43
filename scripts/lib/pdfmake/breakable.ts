import { startupSnapshot } from 'node:v8';

/** Longest run of characters pdfmake measures as one piece; longer words are cut into runs of this length. */
export const MAX_RUN = 16;

/** Made on first use: creating a segmenter loads ICU data, and most builds never split a word. */
let graphemes: Intl.Segmenter | undefined;
// V8 cannot save an ICU object in a start-up snapshot (scripts/snapshot.ts): the snapshot's process makes its own
if (startupSnapshot.isBuildingSnapshot()) startupSnapshot.addSerializeCallback(() => (graphemes = undefined));

/**
 * Cuts every word longer than MAX_RUN characters (a URL, say) into consecutive runs of at most MAX_RUN
 * grapheme clusters. pdfmake keeps the runs of a word together on a line when they fit, and breaks between
 * them when the word is wider than its column, which it otherwise cannot do inside a table cell. Joined, the
 * runs give the text back unchanged, so extracted text is the same.
 */
export function breakableRuns(text: string): string[] {
  const out: string[] = [];
  let plain = '';
  for (const part of text.split(/(\S+)/)) {
    if (part.length <= MAX_RUN) {
      plain += part;
      continue;
    }
    const clusters = Array.from((graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(part), (s) => s.segment);
    if (clusters.length <= MAX_RUN) {
      plain += part;
      continue;
    }
    for (let i = 0; i < clusters.length; i += MAX_RUN) {
      out.push(plain + clusters.slice(i, i + MAX_RUN).join(''));
      plain = '';
    }
  }
  if (plain !== '' || out.length === 0) out.push(plain);
  return out;
}
