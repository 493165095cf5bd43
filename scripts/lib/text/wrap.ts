/** Splits a word longer than `width` into pieces that fit; joined, the pieces give the word back. */
function splitLong(word: string, width: number): string[] {
  const chars = Array.from(word);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += width) pieces.push(chars.slice(i, i + width).join(''));
  return pieces;
}

const lengthOf = (s: string) => Array.from(s).length;

/**
 * Wraps text into lines of at most `width` characters (code points). Runs of white space separate words;
 * a word longer than a line is split, never dropped. `first` prefixes the first line, `rest` the others.
 */
export function wrapText(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - lengthOf(line);
  const newLine = () => {
    lines.push(line.trimEnd());
    line = rest;
    empty = true;
  };
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && lengthOf(word) + 1 > room()) newLine();
    const pieces = lengthOf(word) > room() - (empty ? 0 : 1) ? splitLong(word, Math.max(1, width - lengthOf(rest))) : [word];
    pieces.forEach((piece, i) => {
      if (i > 0 || (!empty && lengthOf(piece) + 1 > room())) newLine();
      line += (empty ? '' : ' ') + piece;
      empty = false;
    });
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
