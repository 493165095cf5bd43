/** A build reaches no network and reads no file beyond its fonts, whatever the data or a template says. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError, TemplateError } from '../scripts/lib/diagnostics/errors.js';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import type { DocumentDefinition } from '../scripts/lib/pdfmake/printer.js';
import { externalReference } from '../scripts/lib/pdfmake/resources.js';
import type { Review } from '../scripts/lib/review/schema.js';
import { listen, type Listener } from './helpers/bad-inputs.js';
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
      content: [{ image: png, width: 9 }, { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/><image href="${png}" width="9" height="9"/></svg>` }],
      files: { note: { src: 'data:text/plain;base64,aGk=', name: 'note.txt' } },
      defaultStyle: { font: 'DejaVuSans' },
    };
    expect(externalReference(definition)).toBeUndefined();
    const bytes = await context.printer.render(definition as DocumentDefinition);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
  });

  it('prints a source URL on the loopback without fetching it', async () => {
    const target = `${url}/report.pdf`;
    const outputs = await renderReview({ ...review, sources: [{ ...review.sources[0]!, url: target }] }, await renderContext());
    expect(await bodyText(await openPdf(outputs['briefing.pdf']))).toContain(target);
    await sleep(100);
    expect(server.connections()).toBe(0);
  });
});
