import { z } from 'zod';
import type { DataPath } from './positions.js';

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: readonly z.ZodType[];
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The schema itself and the schemas it wraps (optional, default, pipe, lazy), outermost first. */
function layers(schema: z.ZodType): z.ZodType[] {
  const out: z.ZodType[] = [];
  for (let s: z.ZodType | undefined = schema; s && out.length < 16; ) {
    out.push(s);
    const def = defOf(s);
    s = def.innerType ?? def.in ?? def.getter?.();
  }
  return out;
}

/** The schemas a value at `path` is checked against (a union gives one per branch that has the path). */
function schemasAt(schema: z.ZodType, path: DataPath): z.ZodType[] {
  let current = [schema];
  for (const segment of path) {
    current = current.flatMap((s) =>
      layers(s).flatMap((layer) => {
        const def = defOf(layer);
        if (def.type === 'object' && typeof segment === 'string') return def.shape?.[segment] ? [def.shape[segment]] : [];
        if (def.type === 'array' && typeof segment === 'number') return def.element ? [def.element] : [];
        if (def.type === 'union') return (def.options ?? []).flatMap((o) => schemasAt(o, [segment]));
        return [];
      }),
    );
  }
  return current;
}

/** The keys a mapping at `path` may have, as the schema declares them. */
export function keysAt(schema: z.ZodType, path: DataPath): string[] {
  return [...new Set(schemasAt(schema, path).flatMap((s) => layers(s).flatMap((l) => Object.keys(defOf(l).shape ?? {}))))];
}

/** What the schema says of the field at `path` (its description), if anything. */
export function descriptionAt(schema: z.ZodType, path: DataPath): string | undefined {
  for (const s of schemasAt(schema, path)) {
    for (const layer of layers(s)) {
      const description = z.globalRegistry.get(layer)?.description;
      if (description) return description;
    }
  }
  return undefined;
}
