/**
 * The briefing must be self-contained: nothing in it may make pdfmake fetch a URL or read a file. Images,
 * SVGs and attachments are allowed only as bytes carried inside the definition (data: URLs, buffers, SVG markup
 * that links to nothing outside itself). Links are annotations that only a reader's click follows: http(s)
 * and mailto only. This check holds for any definition, whatever a template, the config or the data put into it.
 */
const LINK = /^(https?:\/\/|mailto:)/i;
const DATA_URL = /^data:/i;
/** href, xlink:href or src attributes, and CSS url(), that point anywhere but inside the SVG or at a data: URL */
const SVG_REFERENCE = /(?:\bhref|\bsrc)\s*=\s*["']?\s*(?!#|data:)[^\s"'>]|url\(\s*["']?\s*(?!#|data:)[^\s"')]/i;

/** Whether a link target is one a reader may follow: http(s) or mailto. */
export function isSafeLink(href: string): boolean {
  return LINK.test(href.trim());
}

const isBytes = (value: unknown) => ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
const inline = (value: unknown) => isBytes(value) || (typeof value === 'string' && DATA_URL.test(value.trim()));
const show = (value: unknown) => JSON.stringify(value)?.slice(0, 80) ?? String(value);

/** What `value` under `key` would load from outside the definition, described for a message; undefined when nothing. */
function loads(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'image':
      return inline(value) ? undefined : `an image from ${show(value)}`;
    case 'svg':
      return typeof value === 'string' && !SVG_REFERENCE.test(value) ? undefined : `an SVG that refers to ${show(SVG_REFERENCE.exec(String(value))?.[0] ?? value)}`;
    case 'images':
    case 'files':
    case 'attachments':
      for (const item of Object.values((value ?? {}) as Record<string, unknown>)) {
        const src = typeof item === 'object' && item !== null && !isBytes(item) ? (item as { src?: unknown }).src : item;
        if (!inline(src)) return `"${key}" from ${show(src)}`;
      }
      return undefined;
    case 'attachment':
      return typeof value === 'object' && value !== null && !inline((value as { src?: unknown }).src) ? `an attachment from ${show(value)}` : undefined;
    case 'link':
      return typeof value === 'string' && !isSafeLink(value) ? `a link to "${value.slice(0, 80)}"` : undefined;
    default:
      return undefined;
  }
}

/** The first thing in a pdfmake definition that would load a resource, or link elsewhere than http(s)/mailto. */
export function externalReference(definition: unknown): string | undefined {
  const stack: unknown[] = [definition];
  while (stack.length > 0) {
    const value = stack.pop();
    if (isBytes(value)) continue;
    if (Array.isArray(value)) stack.push(...value);
    else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const found = loads(key, item);
        if (found) return found;
        stack.push(item);
      }
    }
  }
  return undefined;
}
