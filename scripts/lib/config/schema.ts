import { z } from 'zod';

/** The briefing's committed house style: templates/briefing.config.yaml. */
export const BRIEFING_CONFIG_FILE = 'briefing.config.yaml';

export const briefingConfigSchema = z.strictObject({
  organisation: z.string().min(1).meta({ description: 'Who publishes the briefing: on the cover, in the header and as the PDF author' }),
  logo: z.string().min(1).optional().meta({ description: 'A PNG or SVG file inside templates/, relative to it, such as assets/logo.svg' }),
  accent: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#1f5f8b').meta({ description: 'Accent colour, #RRGGBB' }),
  edition_label: z.string().min(1).optional().meta({ description: 'Edition label on the cover and in the header, such as DRAFT' }),
});

export type BriefingConfig = z.output<typeof briefingConfigSchema>;
