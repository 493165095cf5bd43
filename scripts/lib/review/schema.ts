import { z } from 'zod';
import { refinement } from '../source/schema-messages.js';
import { SLUG } from '../source/slug.js';


/** The review data format: the one source of truth for validation, types and data/review.schema.json. */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

export const SOURCE_TYPES = ['government', 'un', 'nhri', 'ngo', 'media', 'academic', 'other'] as const;
export const CLAIM_KINDS = ['stated-reform', 'observed-gap', 'context'] as const;
const CLAIM_BASES = ['sourced', 'inferred'] as const;
export const RESPONSES = ['supported', 'noted', 'pending'] as const;
export const REVIEW_STATUSES = ['draft', 'final'] as const;
/** Implementation status of a recommendation, as UPR Info's mid-term assessments grade it, and no-information. */
export const STATUSES = ['fully-implemented', 'partially-implemented', 'not-implemented', 'no-information'] as const;
/** Whose statement a claim is: the source types, and `other-state` for a state speaking in the review (a recommending state). */
export const SPEAKER_TYPES = ['government', 'other-state', 'un', 'nhri', 'ngo', 'media', 'academic', 'other'] as const;
/** What a cited source does for a claim. A plain source id reports. */
export const CITATION_ROLES = ['reports', 'confirms', 'disputes'] as const;

/** True when every part of a YYYY, YYYY-MM or YYYY-MM-DD date exists on the calendar. */
export function isCalendarDate(value: string): boolean {
  const [y, m, d] = value.split('-').map(Number);
  if (m === undefined) return true;
  if (m < 1 || m > 12) return false;
  if (d === undefined) return true;
  return d >= 1 && d <= new Date(Date.UTC(y!, m, 0)).getUTCDate();
}

const slug = (what: string) =>
  z.string().regex(SLUG).meta({ description: `${what}: lowercase letters, digits and hyphens, at most 64` });

const calendarDate = (pattern: RegExp, description: string) =>
  z
    .string()
    .regex(pattern)
    .refine(isCalendarDate, refinement('invalid-date'))
    .meta({ description });

const text = (description: string) => z.string().min(1).meta({ description });

const restricted = (what: string) =>
  z.boolean().optional().meta({ description: `true: this ${what} appears only in the restricted edition (out/<id>/), never in out/<id>/public/` });

const themeSchema = z.strictObject({
  id: slug('Theme id'),
  title: text('Theme title as shown in the outputs'),
  issues: z
    .array(z.string().min(1))
    .optional()
    .meta({ description: 'Names of issues in imported recommendations (such as UPR Info\'s "Women\'s rights") that the importer files under this theme' }),
});

const sourceSchema = z.strictObject({
  id: slug('Source id, cited by claims'),
  title: text('Title of the source'),
  type: z.enum(SOURCE_TYPES).meta({ description: 'Who published it; government sources make a claim self-reported' }),
  publisher: text('Publisher').optional(),
  url: z.string().meta({ description: 'http(s) address of the source', format: 'uri' }).optional(),
  date: z
    .union([z.int().min(1000).max(9999), calendarDate(PARTIAL_DATE, 'YYYY, YYYY-MM or YYYY-MM-DD')])
    .transform(String)
    .meta({ description: 'Publication date: YYYY, YYYY-MM or YYYY-MM-DD (a year may be written unquoted, 2014)' })
    .optional(),
  restricted: restricted('source'),
});

export const citationSchema = z.strictObject({
  source: slug('Id of a declared source'),
  role: z.enum(CITATION_ROLES).default('reports').meta({
    description: 'reports: the source carries the statement (the default); confirms: it independently confirms it; disputes: it contradicts it',
  }),
  at: text('Where in the source: a paragraph, page or section, such as "para. 54"').optional(),
});

export const claimSchema = z.strictObject({
  id: slug('Claim id'),
  theme: slug('Id of a declared theme'),
  kind: z.enum(CLAIM_KINDS).meta({ description: 'stated-reform, observed-gap or context' }),
  basis: z
    .enum(CLAIM_BASES)
    .default('sourced')
    .meta({ description: 'inferred: the text draws a conclusion that its sources do not state' }),
  actor: text('Who makes the statement').optional(),
  speaker: z.enum(SPEAKER_TYPES).optional().meta({
    description: 'Whose statement it is; default: government for a stated reform; otherwise the sources speak for themselves',
  }),
  text: text('The claim, one or more sentences'),
  sources: z
    .array(z.union([z.string(), citationSchema], { error: 'write a source id, or { source: <id>, role: reports | confirms | disputes, at: <place> }' }))
    .default([])
    .meta({ description: 'The sources this claim rests on: a source id (it reports the statement), or { source, role, at }' }),
  responds_to: z
    .array(z.string())
    .optional()
    .meta({ description: 'Ids of the claims this one answers: an observed gap that contradicts or qualifies a stated reform' }),
  bears_on: z.array(z.string()).optional().meta({ description: 'Ids of the recommendations this claim bears on' }),
  tags: z.array(z.string().min(1)).optional(),
  restricted: restricted('claim'),
});

export const assessmentSchema = z.strictObject({
  status: z.enum(STATUSES).meta({ description: 'fully-implemented, partially-implemented, not-implemented or no-information' }),
  claims: z.array(z.string()).default([]).meta({ description: 'Ids of the claims this assessment rests on; its evidence label is derived from theirs' }),
  note: text('A short note on the assessment').optional(),
});

export const recommendationSchema = z.strictObject({
  id: slug('Recommendation id; the importer derives it from the content'),
  text: text('The recommendation as made'),
  from: text('The recommending state'),
  from_group: text('Regional group of the recommending state (Africa, Asia, EEG, GRULAC, WEOG, …)').optional(),
  response: z.enum(RESPONSES).meta({ description: 'The response of the state under review: supported, noted or pending' }),
  themes: z.array(z.string()).min(1).meta({ description: 'Ids of the declared themes this recommendation belongs to' }),
  action: z.number().int().min(1).max(5).optional().meta({ description: 'UPR Info action category: 1 (minimal action) to 5 (specific action)' }),
  source: z.string().optional().meta({ description: 'Id of the source that records it, such as the Working Group report' }),
  paragraph: text('Paragraph number in the Working Group report, such as 137.197').optional(),
  document: text('Symbol of the document that records it, such as A/HRC/27/6').optional(),
  affected_persons: z.array(z.string().min(1)).optional().meta({ description: 'Groups of persons the recommendation concerns, as the Universal Human Rights Index lists them' }),
  sdgs: z.array(z.string().min(1)).optional().meta({ description: 'Sustainable Development Goals the Universal Human Rights Index links it to' }),
  position: text('The position as the export words it, when it says more than the response (UHRI\'s "Supported/Noted")').optional(),
  assessment: assessmentSchema.optional().meta({ description: 'What became of it: implementation status, the claims behind it, a note' }),
  same_as: slug('Id of the recommendation of the previous review that this one repeats; a person\'s match, which wins over the similarity').optional(),
  not_same_as: z
    .union([slug('Id of a recommendation of the previous review'), z.array(slug('Id of a recommendation of the previous review')).min(1)])
    .optional()
    .meta({ description: 'Id (or list of ids) of recommendations of the previous review that this one must not be matched with' }),
});

export const reviewSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: slug('Review id; names out/<id>/'),
    title: text('Title of the briefing'),
    status: z.enum(REVIEW_STATUSES).optional().meta({ description: 'draft (the default when absent): built, but npm run distribute sends it only to recipients with drafts: true; final: a person has approved it for sending' }),
    state: text('The state under review'),
    iso: z.string().regex(/^[A-Z]{2}$/).meta({ description: 'ISO 3166-1 alpha-2 code' }).optional(),
    mechanism: z.string().min(1).default('UPR'),
    session: z.number().int().min(1).meta({ description: 'UPR Working Group session' }),
    cycle: z.number().int().min(1).optional().meta({ description: 'UPR cycle; derived from the session when absent' }),
    follows: slug('Id of the review this one follows (the same state at an earlier session); default: the latest earlier review of the same state in the data folder').optional(),
    review_date: calendarDate(ISO_DATE, 'Date of the review, YYYY-MM-DD').optional(),
    venue: text('Where the review takes place').optional(),
    as_of: calendarDate(ISO_DATE, 'The date the information is current to, YYYY-MM-DD'),
    summary: text('Lead paragraph; blank lines separate paragraphs').optional(),
    themes: z.array(themeSchema).min(1).meta({ description: 'The themes that group the claims and recommendations, at least one: each an id and a title' }),
    sources: z.array(sourceSchema).default([]),
    claims: z.array(claimSchema).default([]),
    recommendations: z.array(recommendationSchema).default([]).meta({ description: 'Recommendations the state received, usually imported (npm run import)' }),
  })
  .meta({ title: 'UPR briefing review', description: 'One state\'s Universal Periodic Review: themes, sources, claims and recommendations.' });

export type Review = z.output<typeof reviewSchema>;
export type Claim = Review['claims'][number];
export type Citation = z.output<typeof citationSchema>;
export type CitationRole = (typeof CITATION_ROLES)[number];
export type Speaker = (typeof SPEAKER_TYPES)[number];
export type Source = Review['sources'][number];
export type Theme = Review['themes'][number];
export type Recommendation = Review['recommendations'][number];
export type Assessment = z.output<typeof assessmentSchema>;
export type Status = (typeof STATUSES)[number];
export type RecommendationResponse = (typeof RESPONSES)[number];
export type ClaimKind = (typeof CLAIM_KINDS)[number];
