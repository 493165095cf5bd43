import type { LogoProblem } from '../diagnostics/rules.js';

/** Pictures the markup may place: `<chart kind="…"/>` and `<logo/>`, prepared by the caller. */
export interface Graphic {
  svg?: string;
  /** the bytes of a PNG */
  image?: Uint8Array;
  width: number;
  /** alternative text, for readers who cannot see it: what it shows, with its numbers */
  alt?: string;
}

/** Checks the bytes of a logo file and turns them into a picture the markup can place, or says what is wrong. */
export function logoGraphic(logo: string, bytes: Uint8Array): Graphic | LogoProblem {
  const width = 150;
  if (/\.png$/i.test(logo)) {
    const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
    if (!signature.every((b, i) => bytes[i] === b)) return { kind: 'not-png', logo };
    return { image: bytes, width };
  }
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').trim();
  if (!/<svg[\s>]/.test(text) || !text.endsWith('</svg>')) return { kind: 'not-svg', logo };
  return { svg: text, width };
}
