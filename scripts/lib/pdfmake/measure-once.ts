import { pdfmakeModule, type Patch } from './dependencies.js';

type Item = Record<string, unknown> & { text: string };
interface Font {
  lineHeight(size: number): number;
}
interface Stack {
  readonly _brand?: never;
}
interface TextInlines {
  pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): Font };
  measure(array: Item[], stack: Stack): Item[];
  widthOfText(text: string, inline: Item): number;
}
type Lookup = (item: Item, stack: Stack, property: string, fallback: unknown) => unknown;

const LEADING = /^(\s)+/g;
const TRAILING = /(\s)+$/g;
/** False only for a character that is surely not white space (`\s`): printable ASCII but the space; the regular expressions decide the rest. */
const mayBeSpace = (code: number) => !(code > 32 && code < 127);

/** What pdfmake's measure looks up for every word, in its order, with its fallbacks; `font` first, as it is. */
const LOOKED_UP: readonly (readonly [string, unknown])[] = [
  ['font', 'Roboto'], ['bold', false], ['italics', false], ['alignment', 'left'], ['fontSize', 12], ['fontFeatures', null],
  ['characterSpacing', 0], ['color', 'black'], ['decoration', null], ['decorationColor', null], ['decorationStyle', null],
  ['decorationThickness', null], ['background', null], ['link', null], ['linkToPage', null], ['linkToDestination', null],
  ['noWrap', null], ['opacity', 1], ['sup', false], ['sub', false], ['lineHeight', 1], ['preserveLeadingSpaces', false], ['preserveTrailingSpaces', false],
];
/** Set on a word by the text breaker or by measure itself, and never looked up for it. */
const OWN = new Set(['text', 'lineEnd', 'noNewLine', 'leadingCut', 'leadingIndent']);

/**
 * The word as pdfmake's measure leaves it: its own properties with the answers written over them (LOOKED_UP's
 * fourth to twentieth, after `font`) and its width, height and cuts to come. pdfmake writes these twenty-two
 * properties onto the word one by one, and V8 grows the word's property store a few slots at a time, copying
 * it each time: about a seventh of the bytes a batch allocates. Made whole at once instead, then given the word's other
 * properties; only their order differs, which nothing that reads a word depends on.
 */
function measuredWord(item: Item, font: Font | undefined, answers: Record<string, unknown>): Item {
  const word: Item = {
    text: item.text,
    font,
    alignment: answers.alignment,
    fontSize: answers.fontSize,
    fontFeatures: answers.fontFeatures,
    characterSpacing: answers.characterSpacing,
    color: answers.color,
    decoration: answers.decoration,
    decorationColor: answers.decorationColor,
    decorationStyle: answers.decorationStyle,
    decorationThickness: answers.decorationThickness,
    background: answers.background,
    link: answers.link,
    linkToPage: answers.linkToPage,
    linkToDestination: answers.linkToDestination,
    noWrap: answers.noWrap,
    opacity: answers.opacity,
    sup: answers.sup,
    sub: answers.sub,
    width: 0,
    height: 0,
    leadingCut: item.leadingCut || 0,
    trailingCut: 0,
  };
  for (const key in item) if (!(key in word) && Object.hasOwn(item, key)) word[key] = item[key];
  return word;
}

/** The properties of a word that a lookup may read, as they were before it was measured: keys and values. */
class Style {
  keys: string[] = [];
  values: unknown[] = [];

  /** Whether `item` has exactly these properties, in this order; without allocating. */
  matches(item: Item): boolean {
    let n = 0;
    for (const key in item) {
      if (OWN.has(key) || !Object.hasOwn(item, key)) continue;
      if (this.keys[n] !== key || this.values[n] !== item[key]) return false;
      n++;
    }
    return n === this.keys.length;
  }

  static of(item: Item): Style {
    const style = new Style();
    for (const key in item) {
      if (OWN.has(key) || !Object.hasOwn(item, key)) continue;
      style.keys.push(key);
      style.values.push(item[key]);
    }
    return style;
  }
}

/**
 * As pdfmake's TextInlines.measure (0.3.11), but the twenty-three style answers of a word are looked up only
 * when its properties differ from the word before it: the text breaker gives every word of a text run a copy
 * of the run's properties, and an answer depends only on the word's own properties and the style stack, which
 * do not change within one call. Widths, cuts and heights are measured for every word, as before.
 */
function measureWith(lookup: Lookup) {
  return function measure(this: TextInlines, array: Item[], stack: Stack): Item[] {
    if (array.length) {
      const leadingIndent = lookup(array[0]!, stack, 'leadingIndent', 0);
      if (leadingIndent) {
        array[0]!.leadingCut = -(leadingIndent as number);
        array[0]!.leadingIndent = leadingIndent;
      }
    }
    let previous: Style | undefined;
    let answers: Record<string, unknown> = {};
    let font: Font | undefined;
    for (let i = 0; i < array.length; i++) {
      const item = array[i]!;
      if (!previous?.matches(item)) {
        previous = Style.of(item);
        answers = {};
        for (const [property, fallback] of LOOKED_UP) answers[property] = lookup(item, stack, property, fallback);
        font = this.pdfDocument.provideFont(answers.font, answers.bold, answers.italics);
      }
      const word = (array[i] = measuredWord(item, font, answers));
      if (word.sup || word.sub) word.fontSize = (word.fontSize as number) * 0.58;
      word.width = this.widthOfText(word.text, word);
      word.height = font!.lineHeight(word.fontSize as number) * (answers.lineHeight as number);
      if (!answers.preserveLeadingSpaces && mayBeSpace(word.text.charCodeAt(0))) {
        const leading = word.text.match(LEADING);
        if (leading) word.leadingCut = (word.leadingCut as number) + this.widthOfText(leading[0], word);
      }
      if (!answers.preserveTrailingSpaces && mayBeSpace(word.text.charCodeAt(word.text.length - 1))) {
        const trailing = word.text.match(TRAILING);
        if (trailing) word.trailingCut = this.widthOfText(trailing[0], word);
      }
    }
    return array;
  };
}

/**
 * pdfmake measures every word with twenty-three style lookups, each walking the style stack: the largest
 * single cost of a batch after layout itself. With this patch the words of one run share their answers.
 * The same answers, so the same bytes (test/pdfmake-adapter.test.ts renders with and without it).
 */
export const measureOnce: Patch = {
  name: 'measure-once',
  install() {
    const TextInlinesClass = pdfmakeModule<{ prototype: TextInlines }>('TextInlines.js');
    const StyleContextStack = pdfmakeModule<{ getStyleProperty: Lookup }>('StyleContextStack.js');
    const original = TextInlinesClass.prototype.measure;
    // the lookup as installed when a word is measured: style-lookup.ts's, or pdfmake's own without it
    TextInlinesClass.prototype.measure = measureWith((item, stack, property, fallback) => StyleContextStack.getStyleProperty(item, stack, property, fallback));
    return () => {
      TextInlinesClass.prototype.measure = original;
    };
  },
};
