import { pdfmakeModule, type Patch } from './dependencies.js';

type Style = Record<string, unknown> & { extends?: string | string[] };
type Entry = string | Record<string, unknown>;

interface StyleStack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: Entry[];
  getProperty(property: string): unknown;
}

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty: typeof getStyleProperty;
}

const isValue = (value: unknown) => value !== undefined && value !== null;

/** A named style's value for a property, following `extends`; a name met twice on one path counts as unset. */
function fromStyle(styles: StyleStack['styleDictionary'], name: string, property: string, visited?: Set<string>): unknown {
  if (visited?.has(name)) return undefined;
  const style = styles[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (!style.extends) return undefined;
  const seen = (visited ?? new Set<string>()).add(name);
  const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
  for (let i = parents.length - 1; i >= 0; i--) {
    const value = fromStyle(styles, parents[i]!, property, seen);
    if (isValue(value)) return value;
  }
  return undefined;
}

function fromEntry(stack: StyleStack, entry: Entry, property: string): unknown {
  return typeof entry === 'string' ? fromStyle(stack.styleDictionary, entry, property) : entry[property];
}

/**
 * As pdfmake's: the first entry from the top that sets the property, else the default style. Asked afresh every
 * time: pdfmake writes into objects it has pushed (DocMeasure sets a cell's `fillColor`), so no answer is kept.
 */
function getProperty(this: StyleStack, property: string): unknown {
  const entries = this.styleOverrides;
  for (let i = entries.length - 1; i >= 0; i--) {
    const value = fromEntry(this, entries[i]!, property);
    if (isValue(value)) return value;
  }
  return this.defaultStyle && this.defaultStyle[property];
}

/** As pdfmake's: the item's own value, else its styles', else the stack's; without pushing the item and popping it again. */
function getStyleProperty(item: Record<string, unknown> | string, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
  const own = (item as Record<string, unknown>)[property];
  if (isValue(own)) return own;
  if (!stack) return defaultValue;
  if (typeof item !== 'string' && item.section === undefined && item.style) {
    const names = (Array.isArray(item.style) ? item.style : [item.style]) as Entry[];
    for (let i = names.length - 1; i >= 0; i--) {
      const value = fromEntry(stack, names[i]!, property);
      if (isValue(value)) return value;
    }
  }
  const value = stack.getProperty(property);
  return isValue(value) ? value : defaultValue;
}

/**
 * pdfmake looks up some twenty style properties for every word it measures, and each lookup pushes the word
 * onto the style stack, allocates a closure and, per named style on the stack, a Set. These replacements give
 * the same answers in the same order of precedence without allocating (test/pdfmake-shims.test.ts compares
 * them with pdfmake's own; test/pdfmake-adapter.test.ts, the briefing's bytes).
 */
export const styleLookup: Patch = {
  name: 'style-lookup',
  install() {
    const StyleContextStack = pdfmakeModule<StyleStackClass>('StyleContextStack.js');
    const original = { getProperty: StyleContextStack.prototype.getProperty, getStyleProperty: StyleContextStack.getStyleProperty };
    StyleContextStack.prototype.getProperty = getProperty;
    StyleContextStack.getStyleProperty = getStyleProperty;
    return () => {
      StyleContextStack.prototype.getProperty = original.getProperty;
      StyleContextStack.getStyleProperty = original.getStyleProperty;
    };
  },
};
