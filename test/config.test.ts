import { copyFile, mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBriefingConfig } from '../scripts/lib/io/files.js';
import { checkConfig } from '../scripts/lib/config/check.js';
import { formatMessages } from '../scripts/lib/diagnostics/report.js';
import { fontCoverage } from '../scripts/lib/pdfmake/fonts.js';
import { readFontFaces } from '../scripts/lib/io/fonts.js';
import { renderReview } from '../scripts/lib/build/pipeline.js';
import { openPdf } from './helpers/pdf.js';
import { renderContext, ROOT, SAMPLE, tempDir, validReview } from './helpers/project.js';

const FILE = 'templates/briefing.config.yaml';

async function check(text: string): Promise<string> {
  const result = checkConfig(FILE, new TextEncoder().encode(text), fontCoverage(() => readFontFaces().faces));
  return formatMessages(result.messages);
}

describe('templates/briefing.config.yaml', () => {
  it('the committed config is valid, with its logo', async () => {
    const loaded = await loadBriefingConfig(join(ROOT, 'templates'), fontCoverage(() => readFontFaces().faces));
    expect(loaded.messages).toEqual([]);
    expect(loaded.config).toMatchObject({ organisation: expect.any(String), accent: expect.stringMatching(/^#[0-9a-f]{6}$/i) });
    expect(loaded.logo?.svg).toMatch(/^<svg/);
  });

  it('reports a missing organisation, a bad colour and an unknown key with their positions', async () => {
    expect(await check('accent: blue\ncolour: "#fff"\n')).toBe(
      [
        `${FILE}:1:1  error  the briefing config has no "organisation" (who publishes the briefing: on the cover, in the header and as the PDF author); add it  required-field`,
        `${FILE}:1:9  error  "accent" is "blue"; write a colour as #RRGGBB, such as #1f5f8b  invalid-value`,
        `${FILE}:2:1  error  the briefing config has an unknown field "colour"; remove it or correct its spelling  unknown-key`,
      ].join('\n'),
    );
  });

  it('refuses a logo that is a URL, leads outside templates/ or is neither PNG nor SVG', async () => {
    const message = async (logo: string) => check(`organisation: Org\nlogo: ${logo}\n`);
    expect(await message('https://example.org/logo.png')).toBe(
      `${FILE}:2:7  error  logo "https://example.org/logo.png" is a URL; the logo must be a PNG or SVG file inside templates/, such as assets/logo.svg  invalid-logo`,
    );
    expect(await message('assets/../../secret.png')).toBe(
      `${FILE}:2:7  error  logo "assets/../../secret.png" leads outside templates/; put the file in templates/assets/ and give its path relative to templates/  invalid-logo`,
    );
    expect(await message('/etc/logo.svg')).toContain('leads outside templates/');
    expect(await message('assets/logo.gif')).toContain('is neither a .png nor a .svg file');
  });

  it('lists its messages in file order', async () => {
    const lines = (await check('organisation: Org\nlogo: https://example.org/x.png\naccent: blue\n')).split('\n');
    expect(lines.map((l) => l.split('  ')[0])).toEqual([`${FILE}:2:7`, `${FILE}:3:9`]);
  });

  it('checks every character of the config against the fonts', async () => {
    expect(await check('organisation: 北 Institute\n')).toBe(
      `${FILE}:1:15  warning  the briefing config: "organisation" holds "北" (U+5317), which no bundled font can draw, so the PDF would lose it; replace the character or add a font that has it  missing-glyph`,
    );
  });

  it('reads the logo only from inside templates/, and checks that it is what its name says', async () => {
    const dir = await tempDir();
    const templates = join(dir, 'templates');
    await mkdir(join(templates, 'assets'), { recursive: true });
    await writeFile(join(dir, 'outside.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>');
    await symlink(join(dir, 'outside.svg'), join(templates, 'assets', 'link.svg'));
    await writeFile(join(templates, 'assets', 'fake.png'), 'not a png');
    const reason = async (logo: string) => {
      await writeFile(join(templates, 'briefing.config.yaml'), `organisation: Org\nlogo: ${logo}\n`);
      const loaded = await loadBriefingConfig(templates);
      expect(loaded.config === undefined || loaded.logo === undefined).toBe(true);
      return loaded.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.reason}`).join('\n');
    };
    expect(await reason('assets/link.svg')).toBe('2:7 invalid-logo logo "assets/link.svg" leads outside templates/ through a link; put the file itself in templates/assets/');
    expect(await reason('assets/missing.svg')).toBe('2:7 invalid-logo logo "assets/missing.svg" cannot be read (ENOENT); check the path, relative to templates/');
    expect(await reason('assets/fake.png')).toBe('2:7 invalid-logo logo "assets/fake.png" is not a PNG file; export it again as PNG');
  });

  it('places a PNG logo on the cover as an image', async () => {
    const templates = join(await tempDir(), 'templates');
    await mkdir(join(templates, 'assets'), { recursive: true });
    await copyFile(join(ROOT, 'docs/briefing-cover.png'), join(templates, 'assets', 'logo.png'));
    await writeFile(join(templates, 'briefing.config.yaml'), 'organisation: Org\nlogo: assets/logo.png\n');
    const { config, logo, messages } = await loadBriefingConfig(templates);
    expect(messages).toEqual([]);
    const outputs = await renderReview(await validReview(SAMPLE), await renderContext({}, { config, logo }));
    const operators = await (await (await openPdf(outputs['briefing.pdf'])).getPage(1)).getOperatorList();
    const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    expect(operators.fnArray).toContain(OPS.paintImageXObject);
  });
});
