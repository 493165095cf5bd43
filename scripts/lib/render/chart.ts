import type { BriefingModel } from '../model/model.js';
import { wrapText } from '../text/wrap.js';
import { escapeXml } from '../text/xml.js';

/** Colours of the three kinds of claim. */
export interface ChartPalette {
  stated: string;
  gaps: string;
  context: string;
  text: string;
  muted: string;
}

interface ChartSvg {
  svg: string;
  width: number;
  height: number;
  alt: string;
}

const FONT = 8;
const LINE = 10.5;
const BAR = 12;
const GAP = 9;
const LEGEND = 22;
/** DejaVu Sans averages well under 0.62 em a character; labels wrap at this estimate so they stay inside. */
const CHAR_WIDTH = 0.62 * FONT;

const round = (n: number) => Math.round(n * 100) / 100;

function text(x: number, y: number, content: string, fill: string, anchor = 'start', weight = 'normal'): string {
  return `<text x="${round(x)}" y="${round(y)}" font-family="DejaVuSans" font-size="${FONT}" font-weight="${weight}" fill="${fill}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

function legend(palette: ChartPalette): string {
  const items: [string, string][] = [
    ['Stated reforms', palette.stated],
    ['Observed gaps', palette.gaps],
    ['Context', palette.context],
  ];
  return items.map(([label, colour], i) => `<rect x="${i * 110}" y="2" width="9" height="9" fill="${colour}"/>${text(i * 110 + 14, 10, label, palette.text)}`).join('');
}

/** The themes the claims chart shows: those with claims (a theme with none would be an empty bar). */
export const chartedThemes = (model: BriefingModel) => model.themes.filter((t) => t.counts.total > 0);

const labelLines = (title: string, width: number) => wrapText(title, Math.max(8, Math.floor(width / CHAR_WIDTH)));

/** The chart's height at its natural size, where its labels are FONT points. */
export function claimsByThemeChartHeight(model: BriefingModel, width = 483): number {
  return Math.ceil(chartedThemes(model).reduce((y, theme) => y + labelLines(theme.title, width).length * LINE + 1 + BAR + GAP, LEGEND));
}

/**
 * Claims by theme, each theme with claims a bar split into stated reforms, observed gaps and context, as an SVG
 * string. Pure: the same model and palette give the same string. Labels are wrapped, never cut.
 */
export function claimsByThemeChart(model: BriefingModel, palette: ChartPalette, width = 483): ChartSvg {
  const themes = chartedThemes(model);
  const max = Math.max(1, ...themes.map((t) => t.counts.total));
  const barRoom = width - 34;
  const parts: string[] = [legend(palette)];
  let y = LEGEND;
  for (const theme of themes) {
    const lines = labelLines(theme.title, width);
    lines.forEach((line, i) => parts.push(text(0, y + (i + 1) * LINE - 2.5, line, palette.text)));
    y += lines.length * LINE + 1;
    let x = 0;
    for (const [count, colour] of [
      [theme.counts.stated, palette.stated],
      [theme.counts.gaps, palette.gaps],
      [theme.counts.context, palette.context],
    ] as const) {
      if (count === 0) continue;
      const w = (barRoom * count) / max;
      parts.push(`<rect x="${round(x)}" y="${round(y)}" width="${round(w)}" height="${BAR}" fill="${colour}"/>`);
      if (w >= 14) parts.push(text(x + w / 2, y + BAR - 3, String(count), '#ffffff', 'middle', 'bold'));
      x += w;
    }
    parts.push(text(x + 5, y + BAR - 3, String(theme.counts.total), palette.muted));
    y += BAR + GAP;
  }
  const height = Math.ceil(y);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
  return { svg, width, height, alt: claimsByThemeAlt(model) };
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The chart in words, with the numbers it draws: `Claims by theme and kind: Justice, 2 stated reforms, 1 observed gap, 0 context; …`. */
export function claimsByThemeAlt(model: BriefingModel): string {
  const themes = model.themes.map(({ title, counts }) => `${title}, ${counted(counts.stated, 'stated reform', 'stated reforms')}, ${counted(counts.gaps, 'observed gap', 'observed gaps')}, ${counts.context} context`);
  return `Claims by theme and kind: ${themes.length > 0 ? themes.join('; ') : 'no themes'}.`;
}
