import type { BriefingConfig } from '../config/schema.js';
import type { BriefingModel } from '../model/model.js';
import { chartedThemes, claimsByThemeChartHeight } from './chart.js';
import type { Graphic } from './graphic.js';
import type { Templates } from './templates.js';

export const BRIEFING_TEMPLATE = 'briefing.pdf.hbs';

/** A file embedded in the PDF (PDF/A-3 associated file). */
export interface Attachment {
  name: string;
  mediaType: string;
  description: string;
  bytes: Uint8Array;
}

/** What the briefing needs besides the model: the house style, the date and the files to embed. */
export interface BriefingInputs {
  config: BriefingConfig;
  logo?: Graphic;
  date: Date;
  attachments: readonly Attachment[];
}

/** The tallest the claims chart is drawn (at its natural size, labels 8 pt): a taller one would shrink its labels. */
export const CHART_MAX_HEIGHT = 600;
/** The contents lines of themes that still leave the contents on one A4 page beside its section lines. */
export const CONTENTS_THEME_LINES = 40;
/** Characters of a theme's title on one contents line. */
const CONTENTS_LINE = 80;

/** What the template decides from the size of the data, so that each page earns its place. */
export interface PageLayout {
  /** the claims chart fits at full size; otherwise the table of claims by theme stands alone */
  claimsChart: boolean;
  /** the contents list the themes under each section; otherwise only the sections (the bookmarks keep the themes) */
  contentsThemes: boolean;
}

export function pageLayout(model: BriefingModel): PageLayout {
  const listed = [...(model.counts.total > 0 ? chartedThemes(model) : []), ...model.sections.recommendationThemes, ...model.commitments.themes.map((t) => t.theme)];
  const lines = listed.reduce((sum, theme) => sum + Math.ceil(theme.title.length / CONTENTS_LINE), 0);
  return { claimsChart: claimsByThemeChartHeight(model) <= CHART_MAX_HEIGHT, contentsThemes: lines <= CONTENTS_THEME_LINES };
}

/** The briefing markup: the briefing template rendered with the model, the page layout and the house style. */
export function briefingMarkup(model: BriefingModel, templates: Templates, inputs: BriefingInputs): string {
  return templates.render(BRIEFING_TEMPLATE, { ...model, layout: pageLayout(model), config: { ...inputs.config, logo: inputs.logo !== undefined } });
}
