import type { TaggingRecord } from './structure-render.js';

/** The checks a tagged briefing must pass before it may say PDF/UA-1, each named as the warning names it. */
export type TaggingCheck = 'marked-content' | 'heading-levels' | 'figure-alt' | 'table-headers' | 'link-annotations' | 'language' | 'title';

export interface TaggingFailure {
  check: TaggingCheck;
  /** what failed, in words: `"Method" (H3) follows an H1` */
  detail: string;
}

const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}…` : text}"`;

function headingFailure(headings: TaggingRecord['headings']): string | undefined {
  const first = headings[0];
  if (first && first.level !== 1) return `the first heading, ${quote(first.text)}, is an H${first.level}, not an H1`;
  for (let i = 1; i < headings.length; i++) {
    const [before, heading] = [headings[i - 1]!, headings[i]!];
    if (heading.level > before.level + 1) return `${quote(heading.text)} (H${heading.level}) follows ${quote(before.text)} (H${before.level}): a level is skipped`;
  }
  return undefined;
}

/**
 * Judges the tree a tagged render wrote, from what the tagging recorded while writing it (structure-render.ts):
 * the first check that fails, or nothing when the document may claim PDF/UA-1. Cheap: no parsing of the PDF.
 */
export function checkTagging(record: TaggingRecord): TaggingFailure | undefined {
  const [unmarked] = record.unmarked;
  if (unmarked) return { check: 'marked-content', detail: `${quote(unmarked.text)} on page ${unmarked.page} is in no structure element${record.unmarked.length > 1 ? ` (and ${record.unmarked.length - 1} more runs of text)` : ''}` };
  const headings = headingFailure(record.headings);
  if (headings) return { check: 'heading-levels', detail: headings };
  const figure = record.figures.find((f) => !f.inFigure || !f.alt?.trim());
  if (figure) return { check: 'figure-alt', detail: figure.inFigure ? `the figure on page ${figure.page} has no alternative text` : `a picture on page ${figure.page} is in no figure` };
  const table = record.tables.find((t) => t.headers === 0);
  if (table) return { check: 'table-headers', detail: `the table on page ${table.page} has no header cell with a scope` };
  if (record.untaggedLinks > 0) return { check: 'link-annotations', detail: `${record.untaggedLinks} link ${record.untaggedLinks === 1 ? 'annotation is' : 'annotations are'} in no Link element` };
  if (!record.language) return { check: 'language', detail: 'the document names no language' };
  if (!record.title?.trim() || !record.displayTitle) return { check: 'title', detail: 'the document has no title to show in the window' };
  return undefined;
}
