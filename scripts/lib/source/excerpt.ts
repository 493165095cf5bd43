/** The longest part of a line an excerpt shows; a longer line is cut around the caret. */
const WIDTH = 100;

/** A line as a terminal may print it: a tab shown as →, control and bidirectional characters as ·. */
const visible = (line: string) => line.replace(/\t/g, '→').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g, '·');

/** The part of a line that is shown, and where the caret's column lands in it. */
function window(line: string, column: number): { text: string; caret: number } {
  if (line.length <= WIDTH) return { text: line, caret: column };
  const start = Math.max(0, Math.min(column - WIDTH / 2, line.length - WIDTH));
  const text = `${start > 0 ? '…' : ''}${line.slice(start, start + WIDTH)}${start + WIDTH < line.length ? '…' : ''}`;
  return { text, caret: column - start + (start > 0 ? 1 : 0) };
}

/**
 * The lines of a file around a position, numbered, with the line itself marked `>` and a caret under its column,
 * as code frames print them; `context` adds other lines (the line above, the line it should line up with).
 */
export function excerpt(text: string, line: number, column: number, context: readonly number[] = []): string[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const shown = [...new Set([...context, line])].filter((n) => n >= 1 && n <= lines.length).sort((a, b) => a - b);
  if (shown.length === 0) return [];
  const width = String(shown.at(-1)).length;
  const gutter = (mark: string, n: string) => `  ${mark} ${n.padStart(width)} | `;
  const rows: string[] = [];
  shown.forEach((n, i) => {
    if (i > 0 && n > shown[i - 1]! + 1) rows.push(`${gutter(' ', '')}…`);
    const shownLine = window(lines[n - 1]!, n === line ? column : 1);
    rows.push(`${gutter(n === line ? '>' : ' ', String(n))}${visible(shownLine.text)}`.trimEnd());
    if (n === line) rows.push(`${gutter(' ', '')}${' '.repeat(Math.max(0, shownLine.caret - 1))}^`);
  });
  return rows;
}
