import type { Message } from '../diagnostics/message.js';
import type { RecommendationResponse, Source } from '../review/schema.js';

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
}

export interface ParsedExport {
  rows: ImportedRow[];
  /** problems, each with a position; malformed rows are reported and skipped */
  messages: Message[];
  /** how many rows were reported and skipped */
  skipped: number;
}

/** An export format the importer reads. A new format is one module with one of these, listed in registry.ts. */
export interface ImportFormat {
  name: string;
  /** what the format is, for --help */
  description: string;
  /** the source that imported recommendations cite */
  source(state: string, session: number): Source;
  parse(text: string, file: string): ParsedExport;
}
