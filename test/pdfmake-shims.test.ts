/**
 * Three patches of pdfmake and pdfkit (scripts/lib/pdfmake/style-lookup.ts, line-merge.ts, layout-once.ts), piece
 * by piece: style lookups are compared with pdfmake's own on random style stacks, and after pdfmake writes into
 * a style it has pushed (so no answer may be kept); line merging is checked on hand-made lines; pdfkit's layout
 * of random text with pdfkit's own, in the first document and a later one. Whole briefings rendered with and
 * without every patch are compared in pdfmake-adapter.test.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeInlines } from '../scripts/lib/pdfmake/line-merge.js';
import { install, uninstall } from '../scripts/lib/pdfmake/install.js';
import { FONTS } from './helpers/project.js';

const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20261127);

type Entry = string | Record<string, unknown>;
interface Stack {
  push(entry: Entry): void;
  pop(howMany?: number): void;
  getProperty(property: string): unknown;
}
interface StackClass {
  new (styles: Record<string, unknown>, defaultStyle?: Record<string, unknown>): Stack;
  prototype: Stack;
  getStyleProperty(item: unknown, stack: Stack, property: string, fallback: unknown): unknown;
}

const require = createRequire(import.meta.url);
const StyleContextStack = (require(join(dirname(require.resolve('pdfmake')), 'StyleContextStack.js')) as { default: StyleContextStack }).default;
type StyleContextStack = StackClass;
const original = { getProperty: StyleContextStack.prototype.getProperty, getStyleProperty: StyleContextStack.getStyleProperty };
install();

/** pdfmake's own answer, asked of a view of the same stack that still has the original lookup. */
function expected(stack: Stack, item: unknown, property: string): unknown {
  const reference = Object.create(stack) as Stack;
  reference.getProperty = original.getProperty;
  return original.getStyleProperty(item, reference, property, 'fallback');
}

const PROPERTIES = ['bold', 'color', 'fontSize', 'margin'];
const NAMES = ['a', 'b', 'c', 'd'];
const value = fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(false), fc.constant(0), fc.integer({ min: 1, max: 9 }), fc.constantFrom('red', 'blue'));
const overrides = fc.dictionary(fc.constantFrom(...PROPERTIES), value, { maxKeys: 3 });
const style = fc.record({ props: overrides, extends: fc.option(fc.oneof(fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...NAMES), { maxLength: 2 })), { nil: undefined }) });
const entry: fc.Arbitrary<Entry> = fc.oneof(fc.constantFrom(...NAMES, 'missing'), overrides);
const item = fc.oneof(fc.constant('text'), fc.record({ style: fc.option(fc.oneof(fc.constantFrom(...NAMES), fc.array(entry, { maxLength: 3 })), { nil: undefined }), props: overrides, section: fc.option(fc.constant(true), { nil: undefined }) }));
const step = fc.oneof(
  fc.record({ op: fc.constant('push' as const), entry }),
  fc.record({ op: fc.constant('pop' as const), count: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ op: fc.constant('ask' as const), item, property: fc.constantFrom(...PROPERTIES) }),
);

describe('style lookups', () => {
  it('are installed into the pdfmake this project locks', () => {
    expect(StyleContextStack.prototype.getProperty).not.toBe(original.getProperty);
    expect(StyleContextStack.getStyleProperty).not.toBe(original.getStyleProperty);
  });

  it('answer as pdfmake does, through pushes and pops, named styles, extends (cycles included) and overrides', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...NAMES), style), overrides, fc.array(step, { maxLength: 30 }), (named, defaults, steps) => {
        const styles = Object.fromEntries(Object.entries(named).map(([name, s]) => [name, { ...s.props, ...(s.extends ? { extends: s.extends } : {}) }]));
        const stack = new StyleContextStack(styles, defaults);
        let depth = 0;
        for (const s of steps) {
          if (s.op === 'push') (stack.push(s.entry), depth++);
          else if (s.op === 'pop') (stack.pop(Math.min(s.count, depth)), (depth -= Math.min(s.count, depth)));
          else {
            const asked = typeof s.item === 'string' ? s.item : { ...s.item.props, style: s.item.style, section: s.item.section };
            expect(StyleContextStack.getStyleProperty(asked, stack, s.property, 'fallback')).toEqual(expected(stack, asked, s.property));
          }
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});

describe('joining the words of a line', () => {
  const font = {};
  const word = (text: string, x: number, extra: Record<string, unknown> = {}) => ({ text, x, width: text.length, height: 10, font, fontSize: 9, color: '#111', opacity: 1, characterSpacing: 0, trailingCut: text.endsWith(' ') ? 1 : 0, ...extra });

  it('joins words in one style that follow each other across a space, keeping the text, start and width', () => {
    const merged = mergeInlines([word('One ', 0), word('two ', 4), word('three', 8)]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ text: 'One two three', x: 0, width: 13, trailingCut: 0 });
  });

  it('keeps apart what differs in style or place, what carries a link or decoration, and words split at a hyphen', () => {
    const cases = [
      [word('One ', 0), word('two', 4, { color: '#f00' })],
      [word('One ', 0), word('two', 4, { fontSize: 10 })],
      [word('One ', 0), word('two', 4, { font: {} })],
      [word('One ', 0), word('two', 5)],
      [word('One ', 0), word('two', 4, { link: 'https://example.org' })],
      [word('One ', 0), word('two', 4, { linkToDestination: 'sources' })],
      [word('One ', 0, { decoration: 'underline' }), word('two', 4, { decoration: 'underline' })],
      [word('One ', 0), word('two', 4, { _pageNodeRef: {} })],
      [word('inter-', 0), word('American', 6)],
    ];
    for (const line of cases) expect(mergeInlines(line)).toEqual(line);
  });
});

describe('style lookups after pdfmake writes into a pushed style', () => {
  it('answer as pdfmake does when a pushed object is changed in place (as DocMeasure does with fillColor)', () => {
    const stack = new StyleContextStack({ cell: { fillColor: '#eee' } }, { fillColor: null });
    const cell: Record<string, unknown> = { text: 'x', style: 'cell' };
    stack.push('cell');
    stack.push(cell);
    expect(stack.getProperty('fillColor')).toBe('#eee');
    cell.fillColor = '#f00';
    expect(stack.getProperty('fillColor')).toBe(expected(stack, {}, 'fillColor'));
    expect(stack.getProperty('fillColor')).toBe('#f00');
  });
});

describe('laying out text once per process (layout-once.ts)', () => {
  interface Laid {
    glyphs: { id: number }[] | null;
    positions: object[] | null;
    advanceWidth: number;
  }
  type Font = { layout(text: string, features?: unknown, onlyWidth?: boolean): Laid };
  const PDFDocument = require(require.resolve('pdfkit', { paths: [dirname(require.resolve('pdfmake'))] })) as new (options?: object) => { font(src: Uint8Array): { _font: Font } };
  const face = () => new PDFDocument({ autoFirstPage: false }).font(FONTS.faces.normal)._font;
  const text = fc.string({ unit: fc.constantFrom('a', 'f', 'i', 'A', 'V', 'T', 'o', 'é', ' ', '\t', '-', 'ﬁ', '1'), maxLength: 24 });
  const plain = (laid: Laid) => ({ ids: laid.glyphs?.map((g) => g.id) ?? null, positions: laid.positions && laid.positions.map((p) => ({ ...p })), advanceWidth: laid.advanceWidth });

  it("gives pdfkit's glyphs, positions and widths, cut at spaces and tabs, in a later document too", () => {
    uninstall();
    const prototype = Object.getPrototypeOf(face()) as Font;
    const original = { layout: prototype.layout, layoutCached: (prototype as unknown as Record<string, unknown>).layoutCached };
    install();
    const [first, later, reference] = [face(), face(), face()];
    expect(prototype.layout).not.toBe(original.layout);
    // pdfkit's own code, over its own cache of this document
    Object.assign(reference, original);
    fc.assert(
      fc.property(text, fc.boolean(), (s, onlyWidth) => {
        const expected = plain(reference.layout(s, undefined, onlyWidth));
        expect(plain(first.layout(s, undefined, onlyWidth))).toEqual(expected);
        expect(plain(later.layout(s, undefined, onlyWidth))).toEqual(expected);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
