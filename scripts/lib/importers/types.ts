import type { Message } from '../diagnostics/message.js';
import type { RecommendationResponse, Source } from '../review/schema.js';
import type { Table } from './table.js';

/** One recommendation as read from an export, before it becomes review data. */
export interface ImportedRow {
  /** line of the export where the row starts, for messages */
  line: number;
  state: string;
  session: number;
  text: string;
  from: string;
  fromGroup?: string;
  response: RecommendationResponse;
  action?: number;
  /** the export's issue names, which become themes */
  issues: string[];
  /** a stable id the export gives (UHRI's annotation id), used instead of one derived from the content */
  id?: string;
  /** UHRI: the paragraph number, the document symbol, affected persons, SDGs, the position as written */
  paragraph?: string;
  document?: string;
  affectedPersons?: string[];
  sdgs?: string[];
  position?: string;
  /** the date the row was published, YYYY-MM-DD, when the export says it */
  published?: string;
}

export interface ParsedExport {
  rows: ImportedRow[];
  /** problems, each with a position; malformed rows are reported and skipped */
  messages: Message[];
  /** how many rows were reported and skipped */
  skipped: number;
  /** rows the format leaves out on purpose (UHRI: other bodies, concerns and observations), with why */
  leftOut?: { count: number; why: string };
}

/** An export format the importer reads. A new format is one module with one of these, listed in registry.ts. */
export interface ImportFormat {
  name: string;
  /** what the format is, for --help */
  description: string;
  /** the header names it needs, for the message when a header matches no known layout */
  layout: string;
  /** whether a header is this format's (its required columns are all there) */
  matches(header: readonly string[]): boolean;
  /** the source that imported recommendations cite */
  source(state: string, session: number): Source;
  parseTable(table: Table, file: string): ParsedExport;
}
