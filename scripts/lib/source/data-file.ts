import type { z } from 'zod';
import { compareMessages, createMessage, hasErrors, type Message } from '../diagnostics/message.js';
import type { DocumentKind, RuleArgs, RuleId } from '../diagnostics/rules.js';
import { parseData } from './parse.js';
import { locate, type DataPath, type SourceFile } from './positions.js';
import { schemaMessages } from './schema-messages.js';

/** A data file as read from disk: its path as the user sees it and its bytes. */
export interface DataFile {
  path: string;
  bytes: Uint8Array;
  /** the file's full size, when `bytes` holds only its first part (a file over the size limit) */
  size?: number;
  /** why nothing was read from it (it cannot be read, or is not a regular file); then `bytes` is empty */
  refused?: Message;
}

type Mapping = Record<string, unknown>;

/** Adds a message at a data path of a parsed file. */
export type Report = <R extends RuleId>(path: DataPath, rule: R, ...params: RuleArgs<R>) => void;

export function reporter(source: SourceFile, messages: Message[]): Report {
  return (path, rule, ...params) => void messages.push(createMessage(source.path, locate(source, path), rule, ...params));
}

/** What one kind of data file holds, and the checks beyond parsing that it gets. */
export interface DataFormat<T> {
  document: Exclude<DocumentKind, 'import'>;
  /** the file's top level as messages name it: `the review`, `the briefing config` */
  whole: string;
  schema: z.ZodType<T>;
  /** checks that, when they find anything, stop the file before its schema (size limits) */
  before?: (data: Mapping, source: SourceFile) => Message[];
  /** checks beside the schema, on the data as the file holds it */
  checks?: (data: Mapping, source: SourceFile) => Message[];
}

interface CheckedData<T> {
  source?: SourceFile;
  /** the file's top-level mapping, even when it has errors */
  data?: Mapping;
  /** the validated value: set only when the file has no errors */
  value?: T;
  /** sorted by position */
  messages: Message[];
}

/** Parses a data file and checks it against its format: one mapping, the schema, then the format's own checks. */
export function checkDataFile<T>(file: DataFile, format: DataFormat<T>): CheckedData<T> {
  const parsed = parseData(file.path, file.bytes, { size: file.size, document: format.document });
  if (!parsed.source || parsed.data === undefined) return { messages: parsed.messages };
  const { source, data } = parsed;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { source, messages: [createMessage(file.path, locate(source, []), 'wrong-type', { kind: 'document', document: format.document })] };
  }
  const mapping = data as Mapping;
  const stop = format.before?.(mapping, source) ?? [];
  if (stop.length > 0) return { source, data: mapping, messages: stop };
  const result = format.schema.safeParse(data);
  const messages = [...(result.success ? [] : schemaMessages(result.error.issues, data, source, format.whole, format.schema)), ...(format.checks?.(mapping, source) ?? [])];
  messages.sort(compareMessages);
  return { source, data: mapping, messages, value: result.success && !hasErrors(messages) ? result.data : undefined };
}
