/**
 * The briefing must be self-contained: nothing in it may make pdfmake fetch a URL or read a file. Images and
 * attachments are allowed only as bytes in the definition's `images` and `files` (the printer hands them to
 * pdfmake from memory), or as base64 data: URLs; a node's `image` names an entry of `images`; an SVG may link
 * to nothing outside itself. Links are annotations that only a reader's click follows: http(s) and mailto
 * only. This check holds for any definition, whatever a template, the config or the data put into it.
 */
const LINK = /^(https?:\/\/|mailto:)/i;
/** What pdfkit decodes as inline data; any other string it opens as a path (a "data:x" without base64 too). */
const DATA_URL = /^data:[^,;]+;base64,/;
/** href, xlink:href or src attributes, and CSS url(), that point anywhere but inside the SVG or at a data: URL */
const SVG_REFERENCE = /(?:\bhref|\bsrc)\s*=\s*["']?\s*(?!#|data:[^,;\s"']+;base64,)[^\s"'>]|url\(\s*["']?\s*(?!#|data:[^,;\s"')]+;base64,)[^\s"')]/i;

/** Whether a link target is one a reader may follow: http(s) or mailto. */
export function isSafeLink(href: string): boolean {
  return LINK.test(href.trim());
}

/** Bytes, as the printer takes them into its own file system. */
export const isBytes = (value: unknown): value is Uint8Array => value instanceof Uint8Array;
const isDataUrl = (value: unknown) => typeof value === 'string' && DATA_URL.test(value);
const show = (value: unknown) => (isBytes(value) ? 'bytes' : (JSON.stringify(value)?.slice(0, 80) ?? String(value)));
const srcOf = (item: unknown) => (typeof item === 'object' && item !== null && !isBytes(item) ? (item as { src?: unknown }).src : item);

/** What `value` under `key` would load from outside the definition, described for a message; undefined when nothing. */
function loads(key: string, value: unknown, images: ReadonlySet<string>): string | undefined {
  switch (key) {
    case 'image':
      return isDataUrl(value) || (typeof value === 'string' && images.has(value)) ? undefined : `an image from ${show(value)}`;
    case 'svg':
      return typeof value === 'string' && !SVG_REFERENCE.test(value) ? undefined : `an SVG that refers to ${show(SVG_REFERENCE.exec(String(value))?.[0] ?? value)}`;
    case 'images':
    case 'files':
    case 'attachments':
      for (const item of Object.values((value ?? {}) as Record<string, unknown>)) {
        const src = key === 'images' ? item : srcOf(item);
        if (!isDataUrl(src) && !(key !== 'attachments' && isBytes(src))) return `"${key}" from ${show(src)}`;
      }
      return undefined;
    case 'attachment':
      return typeof value === 'object' && value !== null && !isDataUrl(srcOf(value)) ? `an attachment from ${show(srcOf(value))}` : undefined;
    case 'link':
      return typeof value === 'string' && !isSafeLink(value) ? `a link to "${value.slice(0, 80)}"` : undefined;
    default:
      return undefined;
  }
}

/** The first thing in a pdfmake definition that would load a resource, or link elsewhere than http(s)/mailto. */
export function externalReference(definition: unknown): string | undefined {
  const named = (definition as { images?: unknown } | undefined)?.images;
  const images = new Set(typeof named === 'object' && named !== null ? Object.keys(named) : []);
  const stack: unknown[] = [definition];
  while (stack.length > 0) {
    const value = stack.pop();
    if (isBytes(value)) continue;
    if (Array.isArray(value)) stack.push(...value);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const found = loads(key, item, images);
        if (found) return found;
        stack.push(item);
      }
    }
  }
  return undefined;
}
