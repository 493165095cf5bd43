const lengthOf = (s: string) => Array.from(s).length;

/**
 * Wraps text into lines of at most `width` characters (code points). Runs of white space separate words;
 * a word longer than a line is split, never dropped. `first` prefixes the first line, `rest` the others.
 */
export function wrapText(text: string, width: number, first = '', rest = first): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  const room = () => width - lengthOf(line) - (empty ? 0 : 1);
  const newLine = () => {
    lines.push(line.trimEnd());
    line = rest;
    empty = true;
  };
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    let chars = Array.from(word);
    if (!empty && chars.length > room()) newLine();
    while (chars.length > room()) {
      // a word longer than a whole line: fill this line with its first part (at least one character)
      const take = Math.max(1, room());
      line += chars.slice(0, take).join('');
      chars = chars.slice(take);
      newLine();
    }
    if (chars.length > 0) {
      line += (empty ? '' : ' ') + chars.join('');
      empty = false;
    }
  }
  if (!empty || lines.length === 0) lines.push(line.trimEnd());
  return lines;
}
