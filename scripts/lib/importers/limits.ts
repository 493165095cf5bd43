/** What an import reads at most (README "Importing recommendations"); beyond it the export is refused, never cut short silently. */
export const IMPORT_LIMITS = {
  /** bytes of one export file: the UPR Info workbook of sessions 1–5 is 2.7 MB */
  fileBytes: 64 * 1024 * 1024,
  /** bytes a workbook may unpack to (a ZIP's declared sizes), against ZIP bombs */
  unpackedBytes: 512 * 1024 * 1024,
  /** data rows of one export: UHRI's whole database holds about 267,000 records */
  rows: 300_000,
  /** columns of the header */
  columns: 200,
  /** messages shown per rule; the rest are counted */
  messagesPerRule: 100,
} as const;
