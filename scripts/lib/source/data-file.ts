import type { Message } from '../diagnostics/message.js';

/** A data file as read from disk: its path as the user sees it and its bytes. */
export interface DataFile {
  path: string;
  bytes: Uint8Array;
  /** the file's full size, when `bytes` holds only its first part (a file over the size limit) */
  size?: number;
  /** why nothing was read from it (it cannot be read, or is not a regular file); then `bytes` is empty */
  refused?: Message;
}
