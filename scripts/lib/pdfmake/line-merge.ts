import { pdfmakeModule, type Patch } from './dependencies.js';

/** A laid-out piece of a line, as pdfmake's Renderer reads it. */
interface Inline {
  text: string;
  x: number;
  width: number;
  height: number;
  font: unknown;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  characterSpacing?: number;
  trailingCut?: number;
  [property: string]: unknown;
}

interface Line {
  inlines: Inline[];
}

/** Properties that give an inline something of its own to draw or link, so it is never joined with its neighbours. */
const OWN = ['link', 'linkToPage', 'linkToDestination', '_pageNodeRef', 'decoration', 'background', 'fontFeatures', 'justifyShift', 'sup', 'sub'];

const plain = (inline: Inline) => !inline.characterSpacing && OWN.every((property) => !inline[property]);

/**
 * True when `next` continues `last` with nothing between them and nothing to tell them apart. Only across a
 * space: pdfkit shapes text word by word, split at spaces, so the joined text is shaped exactly as its parts
 * were; joined across a hyphen, the pair would be kerned and the rest of the line would move.
 */
function joins(last: Inline, next: Inline): boolean {
  return (
    last.text.endsWith(' ') &&
    plain(last) &&
    plain(next) &&
    next.font === last.font &&
    next.fontSize === last.fontSize &&
    next.color === last.color &&
    next.opacity === last.opacity &&
    next.x === last.x + last.width
  );
}

/** The line's inlines with every run of words in the same style joined into one: the same text at the same places. */
export function mergeInlines(inlines: readonly Inline[]): Inline[] {
  const merged: Inline[] = [];
  let start = 0;
  for (let i = 1; i <= inlines.length; i++) {
    if (i < inlines.length && joins(inlines[i - 1]!, inlines[i]!)) continue;
    merged.push(i - start === 1 ? inlines[start]! : joinRun(inlines, start, i));
    start = i;
  }
  return merged;
}

/** The inlines from `start` to before `end` as one. */
function joinRun(inlines: readonly Inline[], start: number, end: number): Inline {
  let text = '';
  let width = 0;
  let height = 0;
  for (let i = start; i < end; i++) {
    const inline = inlines[i]!;
    text += inline.text;
    width += inline.width;
    height = Math.max(height, inline.height);
  }
  return { ...inlines[start]!, text, width, height, trailingCut: inlines[end - 1]!.trailingCut };
}

/**
 * pdfmake draws every word of a line as its own piece of text, each setting opacity, colour, font and position
 * again (its renderer carries a TODO to join them). Joining the words of a line that share one style before
 * they are drawn puts the same glyphs at the same places with a fraction of the operations; rendering a page
 * takes about half as long. Words with links, decorations, backgrounds or page references are left alone.
 * The PDF's bytes change; test/pdfmake-adapter.test.ts compares every text item's string and position with pdfmake's own.
 */
export const lineMerge: Patch = {
  name: 'line-merge',
  install() {
    const Renderer = pdfmakeModule<{ prototype: { renderLine(line: Line, x: number, y: number): void } }>('Renderer.js');
    const renderLine = Renderer.prototype.renderLine;
    Renderer.prototype.renderLine = function (line: Line, x: number, y: number) {
      const joined = Object.assign(Object.create(Object.getPrototypeOf(line) as object) as Line, line, { inlines: mergeInlines(line.inlines) });
      return renderLine.call(this, joined, x, y);
    };
    return () => {
      Renderer.prototype.renderLine = renderLine;
    };
  },
};
