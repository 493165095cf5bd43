import { posix } from 'node:path';
import { compareMessages, createMessage, hasErrors, type Message } from '../diagnostics/message.js';
import { glyphMessages, type GlyphCoverage } from '../source/glyphs.js';
import { parseData } from '../source/parse.js';
import { schemaMessages } from '../source/schema-messages.js';
import { locate, type SourceFile } from '../source/positions.js';
import { briefingConfigSchema, type BriefingConfig } from './schema.js';

export const CONFIG_OWNER = 'the briefing config';

export interface CheckedConfig {
  config?: BriefingConfig;
  source?: SourceFile;
  messages: Message[];
}

/** Why a logo path is refused, or undefined: it must name a PNG or SVG file inside templates/, never a URL. */
export function logoPathProblem(logo: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(logo)) return `logo "${logo}" is a URL; the logo must be a PNG or SVG file inside templates/, such as assets/logo.svg`;
  const normal = posix.normalize(logo.replace(/\\/g, '/'));
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../')) return `logo "${logo}" leads outside templates/; put the file in templates/assets/ and give its path relative to templates/`;
  if (!/\.(png|svg)$/i.test(normal)) return `logo "${logo}" is neither a .png nor a .svg file; convert it to PNG or SVG`;
  return undefined;
}

/** Parses and validates templates/briefing.config.yaml; `config` is set only when it has no errors. */
export function checkConfig(path: string, bytes: Uint8Array, coverage?: GlyphCoverage): CheckedConfig {
  const parsed = parseData(path, bytes);
  if (!parsed.source || parsed.data === undefined) return { messages: parsed.messages };
  const { source, data } = parsed;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    const reason = 'the briefing config must hold one mapping (organisation, logo, accent, edition_label); see README, "The briefing config"';
    return { source, messages: [createMessage(path, locate(source, []), 'wrong-type', reason)] };
  }
  const result = briefingConfigSchema.safeParse(data);
  const messages = result.success ? [] : schemaMessages(result.error.issues, data, source, CONFIG_OWNER);
  const logo = (data as { logo?: unknown }).logo;
  const problem = typeof logo === 'string' ? logoPathProblem(logo) : undefined;
  if (problem) messages.push(createMessage(path, locate(source, ['logo']), 'invalid-logo', problem));
  if (coverage) messages.push(...glyphMessages(data, source, coverage, CONFIG_OWNER));
  messages.sort(compareMessages);
  return { source, messages, config: result.success && !hasErrors(messages) ? result.data : undefined };
}
