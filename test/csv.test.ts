import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { defuseCell, renderCsv } from '../scripts/lib/render/csv.js';

describe('CSV formula defusing', () => {
  const hostile = ['=1+1', '+cmd', '-cmd', '@SUM(A1)', '\tx', '\rx', '\nx', '\0x', '＝1', '＋1', '－1', '＠A1'];

  it.each(hostile)('defuses a cell that starts %j, and parses back to the defused text', (cell) => {
    const back = parse(renderCsv(['h'], [[cell]])) as string[][];
    expect(back[1]![0]).toBe(`'${cell}`);
  });

  it('keeps numbers, and text that is a number, as they are; defuses text that only starts like one', () => {
    expect(defuseCell(-5)).toBe('-5');
    expect(defuseCell('-5')).toBe('-5');
    expect(defuseCell('+3.5')).toBe('+3.5');
    expect(defuseCell('-1e3')).toBe('-1e3');
    expect(defuseCell('-5+cmd')).toBe("'-5+cmd");
    expect(defuseCell(-Infinity)).toBe("'-Infinity");
    expect(defuseCell('-cmd')).toBe("'-cmd");
    expect(defuseCell('plain = text')).toBe('plain = text');
    const back = parse(renderCsv(['n', 't'], [[-5, '-cmd']]), { cast: true }) as unknown[][];
    expect(back[1]).toEqual([-5, "'-cmd"]);
  });
});
