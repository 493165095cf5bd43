import { posix } from 'node:path';
import { createMessage, type Message } from '../diagnostics/message.js';
import type { LogoProblem } from '../diagnostics/rules.js';
import { checkDataFile } from '../source/data-file.js';
import { glyphMessages, type GlyphCoverage } from '../source/glyphs.js';
import { locate, type SourceFile } from '../source/positions.js';
import { briefingConfigSchema, type BriefingConfig } from './schema.js';

const CONFIG_OWNER = 'the briefing config';

interface CheckedConfig {
  config?: BriefingConfig;
  source?: SourceFile;
  messages: Message[];
}

/** Why a logo path is refused, or undefined: it must name a PNG or SVG file inside templates/, never a URL. */
function logoPathProblem(logo: string): LogoProblem | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(logo)) return { kind: 'url', logo };
  const normal = posix.normalize(logo.replace(/\\/g, '/'));
  if (normal.startsWith('/') || normal === '..' || normal.startsWith('../')) return { kind: 'outside', logo };
  if (!/\.(png|svg)$/i.test(normal)) return { kind: 'not-png-or-svg', logo };
  return undefined;
}

/** Parses and validates templates/briefing.config.yaml; `config` is set only when it has no errors. */
export function checkConfig(path: string, bytes: Uint8Array, coverage?: GlyphCoverage): CheckedConfig {
  const checks = (data: Record<string, unknown>, source: SourceFile): Message[] => {
    const problem = typeof data.logo === 'string' ? logoPathProblem(data.logo) : undefined;
    return [
      ...(problem ? [createMessage(path, locate(source, ['logo']), 'invalid-logo', problem)] : []),
      ...(coverage ? glyphMessages(data, source, coverage, CONFIG_OWNER) : []),
    ];
  };
  const { source, value, messages } = checkDataFile({ path, bytes }, { document: 'config', whole: CONFIG_OWNER, schema: briefingConfigSchema, checks });
  return { source, messages, config: value };
}
