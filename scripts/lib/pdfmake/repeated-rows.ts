import { pdfmakeModule } from './dependencies.js';

/** What pdfmake places on a page: a line, a vector, an image, … */
export interface PageItem {
  type: string;
  item: Record<string, unknown>;
}
interface Writer {
  repeatables?: unknown[];
  context(): { getCurrentPage(): { items: PageItem[] } | null };
}
type AddFragment = (this: Writer, block: unknown, ...rest: unknown[]) => unknown;

/** Told of the items of each copy of a table's header rows that pdfmake places at the top of a later page (or column). */
export type RepeatListener = (items: PageItem[]) => void;

const listeners = new Set<RepeatListener>();
let restore: (() => void) | undefined;

/**
 * pdfmake's ElementWriter.addFragment (0.3.11), wrapped once for every patch that must see the repeated header
 * rows: a fragment that is one of the writer's repeatables is such a copy (the first placing of the rows is a
 * fragment of its own). Returns what stops `listener` being told; the last one out unwraps.
 */
export function onRepeatedRows(listener: RepeatListener): () => void {
  listeners.add(listener);
  restore ??= wrapAddFragment();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    restore?.();
    restore = undefined;
  };
}

function wrapAddFragment(): () => void {
  const ElementWriter = pdfmakeModule<{ prototype: { addFragment: AddFragment } }>('ElementWriter.js');
  const original = ElementWriter.prototype.addFragment;
  ElementWriter.prototype.addFragment = function (this: Writer, block: unknown, ...rest: unknown[]) {
    const page = this.context().getCurrentPage();
    const before = page?.items.length ?? 0;
    const done = original.call(this, block, ...rest);
    if (page && this.repeatables?.includes(block)) {
      const items = page.items.slice(before);
      for (const listener of listeners) listener(items);
    }
    return done;
  };
  return () => {
    ElementWriter.prototype.addFragment = original;
  };
}
