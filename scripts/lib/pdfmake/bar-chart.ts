import type { Content } from 'pdfmake/interfaces.js';
import { MarkupError, type MarkupElement } from '../render/markup.js';
import { frame, tagged } from './tags.js';

/**
 * `<bar-chart>`: horizontal stacked bars drawn as vector rectangles, one table row per bar, so that labels stay
 * real text in the briefing's font. `<series name color/>` children name the stacked parts and draw the legend;
 * each `<bar label values="12,3,0" note/>` is one row, its values in series order. All bars share one scale.
 * A chart that runs onto another page repeats its legend there.
 */
const BAR_HEIGHT = 8;
const SWATCH = 7;

interface Series {
  name: string;
  color: string;
}

function children(el: MarkupElement, name: string): MarkupElement[] {
  return el.children.filter((c): c is MarkupElement => typeof c !== 'string' && c.name === name);
}

function values(bar: MarkupElement, series: number): number[] {
  const parts = (bar.attrs.values ?? '').split(',').map((v) => Number(v.trim()));
  if (parts.length !== series || parts.some((v) => !Number.isFinite(v) || v < 0)) {
    throw new MarkupError(`<bar values="${bar.attrs.values ?? ''}"> needs ${series} numbers of 0 or more, one for each <series>`, bar.offset);
  }
  return parts;
}

function legend(series: readonly Series[]): Content {
  const items = series.flatMap((s) => [
    { canvas: [{ type: 'rect', x: 0, y: 2, w: SWATCH, h: SWATCH, color: s.color }], width: SWATCH + 3 },
    { text: s.name, width: 'auto', style: 'chart-legend', margin: [0, 0, 12, 0] },
  ]);
  return { columns: items, columnGap: 0, margin: [0, 0, 0, 4] } as unknown as Content;
}

function bar(parts: readonly number[], series: readonly Series[], scale: number): Content {
  let x = 0;
  const rects = parts.flatMap((value, i) => {
    const w = value * scale;
    const rect = { type: 'rect', x, y: 1, w, h: BAR_HEIGHT, color: series[i]!.color };
    x += w;
    return w > 0 ? [rect] : [];
  });
  return { canvas: rects.length > 0 ? rects : [{ type: 'line', x1: 0, y1: 1, x2: 0, y2: 1 + BAR_HEIGHT, lineWidth: 0.5, lineColor: '#999999' }] } as Content;
}

export function barChart(el: MarkupElement): Content {
  const series = children(el, 'series').map((s) => ({ name: s.attrs.name ?? '', color: s.attrs.color ?? '#666666' }));
  if (series.length === 0) throw new MarkupError('<bar-chart> needs at least one <series name color/>', el.offset);
  const bars = children(el, 'bar').map((b) => ({ label: b.attrs.label ?? '', note: b.attrs.note ?? '', parts: values(b, series.length) }));
  const width = Number(el.attrs['bar-width'] ?? 180);
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((sum, v) => sum + v, 0)));
  const body = bars.map((b) => [
    { text: b.label, style: 'chart-label' },
    bar(b.parts, series, width / max),
    { text: b.note, style: 'chart-note' },
  ]);
  // the legend is the table's header row, so that pdfmake repeats it on every page the chart runs onto
  const header = [{ ...(legend(series) as object), colSpan: 3 }, {}, {}];
  const table = { table: { widths: ['*', width, 'auto'], body: [header, ...body], headerRows: 1, dontBreakRows: true }, layout: 'chart' };
  const node = { ...table, ...(el.attrs.style ? { style: el.attrs.style.split(/\s+/) } : {}) };
  return tagged(node, frame('Figure', { alt: el.attrs.alt ?? `${el.attrs.title ? `${el.attrs.title}: ` : ''}${barsInWords(series, bars)}`, lang: el.attrs.lang })) as unknown as Content;
}

/** The bars in words, with their numbers: `Justice: 12 supported, 3 noted; …` (the figure's alternative text, after its `title`). */
function barsInWords(series: readonly Series[], bars: readonly { label: string; parts: number[] }[]): string {
  return bars.map((b) => `${b.label}: ${b.parts.map((v, i) => `${v} ${series[i]!.name}`).join(', ')}`).join('; ') + '.';
}
