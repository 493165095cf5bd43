import type { BriefingConfig } from '../config/schema.js';
import type { BriefingModel } from '../model/model.js';
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

/** The briefing markup: the briefing template rendered with the model and the house style. */
export function briefingMarkup(model: BriefingModel, templates: Templates, inputs: BriefingInputs): string {
  return templates.render(BRIEFING_TEMPLATE, { ...model, config: { ...inputs.config, logo: inputs.logo !== undefined } });
}
