/** A small, strict XML-like markup that the PDF templates render to; see README "How the PDF is templated". */
export interface MarkupElement {
  name: string;
  attrs: Record<string, string>;
  children: MarkupNode[];
  /** offset in the rendered markup, for messages */
  offset: number;
}

export type MarkupNode = MarkupElement | string;

export class MarkupError extends Error {
  override name = 'MarkupError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the entities that Handlebars' escaping writes (&amp; &lt; &#x27; &#x3D; …). */
function decodeEntities(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|([a-z]+));/gi, (whole, hex?: string, dec?: string, name?: string) => {
    if (hex) return String.fromCodePoint(parseInt(hex, 16));
    if (dec) return String.fromCodePoint(Number(dec));
    return ENTITIES[name!.toLowerCase()] ?? whole;
  });
}

const TOKEN = /<!--[\s\S]*?-->|<\/([a-z][a-z0-9-]*)\s*>|<([a-z][a-z0-9-]*)((?:\s+[a-z][a-z0-9-]*="[^"<]*")*)\s*(\/?)>|[^<]+/gy;
const ATTR = /([a-z][a-z0-9-]*)="([^"]*)"/g;

function parseAttrs(source: string): Record<string, string> {
  const attrs: Record<string, string> = Object.create(null);
  for (const [, name, value] of source.matchAll(ATTR)) attrs[name!] = decodeEntities(value!);
  return attrs;
}

/** Parses markup into a tree under a synthetic `root` element. Throws MarkupError with the offset of the fault. */
export function parseMarkup(source: string): MarkupElement {
  const root: MarkupElement = { name: 'root', attrs: {}, children: [], offset: 0 };
  const stack = [root];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const offset = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new MarkupError(`a "<" that does not open a well-formed tag`, offset);
    const [token, closing, opening, attrs, selfClosing] = match;
    const top = stack.at(-1)!;
    if (token.startsWith('<!--')) continue;
    if (closing) {
      if (top.name !== closing || stack.length === 1) throw new MarkupError(`</${closing}> closes <${top.name}>`, offset);
      stack.pop();
    } else if (opening) {
      const element: MarkupElement = { name: opening, attrs: parseAttrs(attrs ?? ''), children: [], offset };
      top.children.push(element);
      if (!selfClosing) stack.push(element);
    } else {
      top.children.push(decodeEntities(token));
    }
  }
  if (stack.length > 1) throw new MarkupError(`<${stack.at(-1)!.name}> is never closed`, stack.at(-1)!.offset);
  return root;
}
