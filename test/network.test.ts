/** A build reaches no network and reads no file beyond its fonts, whatever the data or a template says. */
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RenderError, TemplateError } from '../scripts/lib/diagnostics/errors.js';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import type { DocumentDefinition } from '../scripts/lib/pdfmake/printer.js';
import { externalReference } from '../scripts/lib/pdfmake/resources.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { listen, type Listener } from './helpers/cases.js';
import { bodyText, openPdf } from './helpers/pdf.js';
import { readTemplateSources, renderContext } from './helpers/project.js';

const review: Review = {
  id: 'net',
  title: 'Network test',
  state: 'Demoland',
  mechanism: 'UPR',
  session: 48,
  as_of: '2025-01-20',
  themes: [{ id: 't1', title: 'Theme' }],
  sources: [{ id: 's1', title: 'Source', type: 'ngo' }],
  claims: [{ id: 'c1', theme: 't1', kind: 'observed-gap', basis: 'sourced', text: 'A gap.', sources: ['s1'] }],
  recommendations: [],
};

describe('no network or file access during a build', () => {
  let server: Listener;
  let url: string;
  beforeAll(async () => {
    server = await listen();
    url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await sleep(200);
    expect(server.connections()).toBe(0);
    await server.close();
  });

  it.each([
    ['an <image> element', (u: string) => `<image href="${u}/a.png"/>`],
    ['an SVG with <image href>', (u: string) => `<svg><image href="${u}/a.png"/></svg>`],
    ['an <img src> inside text', (u: string) => `<p><img src="${u}/a.png"/></p>`],
    ['a link to a file', () => '<p><a href="file:///etc/passwd">x</a></p>'],
    ['a javascript: link', () => '<p><a href="javascript:alert(1)">x</a></p>'],
  ])('refuses a template with %s, and makes no connection', async (_, markup) => {
    const sources = await readTemplateSources();
    const context = await renderContext({ 'briefing.pdf.hbs': `${sources['briefing.pdf.hbs']}\n${markup(url)}\n` });
    await expect(renderReview(review, context)).rejects.toThrow(TemplateError);
    await sleep(50);
    expect(server.connections()).toBe(0);
  });

  it.each([
    ['an image from a loopback URL', (u: string) => ({ content: [{ image: `${u}/x.png` }] })],
    ['an image from file:///etc/passwd', () => ({ content: [{ image: 'file:///etc/passwd' }] })],
    ['an image from a local path', () => ({ content: [{ image: '/etc/passwd' }] })],
    ['an SVG whose <image href> points at the server', (u: string) => ({ content: [{ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="${u}/a.png" width="9" height="9"/></svg>` }] })],
    ['a dictionary of images', (u: string) => ({ content: ['x'], images: { logo: `${u}/logo.png` } })],
    ['an SVG with a CSS url()', (u: string) => ({ content: [{ svg: `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9" style="background: url(${u}/bg.png)"/>` }] })],
    ['an attachment read from a path', () => ({ content: ['x'], files: { passwd: { src: '/etc/passwd', name: 'passwd' } } })],
    ['an image given as a URL object', (u: string) => ({ content: [{ image: { url: `${u}/x.png` } }] })],
    ['an image from a "data:" string without base64 data, which pdfkit would open as a path', () => ({ content: [{ image: 'data:/etc/passwd' }] })],
    ['an SVG whose <image href> is such a "data:" string', () => ({ content: [{ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><image href="data:/etc/passwd" width="9" height="9"/></svg>' }] })],
    ['an image given as bytes inside the content, which pdfkit would take for a path', () => ({ content: [{ image: new TextEncoder().encode('/etc/passwd') }] })],
    ['an image named in the content but missing from "images"', () => ({ content: [{ image: 'logo' }] })],
  ])('refuses a pdfmake definition with %s, and makes no connection', async (_, definition) => {
    const context = await renderContext();
    await expect(context.printer.render(definition(url) as DocumentDefinition)).rejects.toThrow(RenderError);
    await sleep(50);
    expect(server.connections()).toBe(0);
  });

  it('renders images, SVGs and attachments carried inside the definition', async () => {
    const context = await renderContext();
    const png = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
    const definition = {
      content: [{ image: png, width: 9 }, { image: 'dot', width: 9 }, { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/><image href="${png}" width="9" height="9"/></svg>` }],
      images: { dot: Buffer.from(png.split(',')[1]!, 'base64') },
      files: { note: { src: 'data:text/plain;base64,aGk=', name: 'note.txt' }, data: { src: new TextEncoder().encode('a,b\n'), name: 'data.csv', type: 'text/csv' } },
      defaultStyle: { font: 'DejaVuSans' },
    };
    expect(externalReference(definition)).toBeUndefined();
    const pdf = await openPdf(await context.printer.render(definition as DocumentDefinition));
    const attachments = (await pdf.getAttachments()) as Record<string, { content: Uint8Array }>;
    expect(Object.fromEntries(Object.entries(attachments).map(([name, a]) => [name, new TextDecoder().decode(a.content)]))).toEqual({ 'note.txt': 'hi', 'data.csv': 'a,b\n' });
  });

  it('prints a source URL on the loopback without fetching it', async () => {
    const target = `${url}/report.pdf`;
    const outputs = await renderReview({ ...review, sources: [{ ...review.sources[0]!, url: target }] }, await renderContext());
    expect(await bodyText(await openPdf(outputs['briefing.pdf']))).toContain(target);
    await sleep(100);
    expect(server.connections()).toBe(0);
  });

  it('reads no file while it renders, not even the fonts: only pdfkit reads its own colour profile', async () => {
    const context = await renderContext();
    await renderReview(review, context); // loads pdfmake, whose modules are files
    const fs = createRequire(import.meta.url)('node:fs') as Record<string, (...args: unknown[]) => unknown>;
    const opened: string[] = [];
    const spies = ['readFileSync', 'readFile', 'openSync', 'open', 'createReadStream', 'statSync', 'existsSync'].map((name) => {
      const real = fs[name]!;
      return vi.spyOn(fs, name).mockImplementation(function (this: unknown, ...args: unknown[]) {
        opened.push(`${name} ${String(args[0])}`);
        return Reflect.apply(real, this, args);
      });
    });
    try {
      await renderReview(review, context);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const profile = /^(readFileSync|openSync) .*node_modules\/pdfkit\/js\/data\/sRGB_IEC61966_2_1\.icc$/;
    expect(opened.filter((entry) => !profile.test(entry))).toEqual([]);
    expect(opened.length).toBeGreaterThan(0);
  });
});
