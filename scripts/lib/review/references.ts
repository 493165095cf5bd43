import type { Message } from '../diagnostics/message.js';
import { reporter, type Report } from '../source/data-file.js';
import { describeOwner } from '../source/describe.js';
import type { SourceFile } from '../source/positions.js';

type Item = Record<string, unknown>;

function items(data: unknown, list: string): Item[] {
  const value = typeof data === 'object' && data !== null ? (data as Item)[list] : undefined;
  return Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v !== null ? (v as Item) : {})) : [];
}

const idOf = (item: Item) => (typeof item.id === 'string' ? item.id : undefined);
const stringsOf = (value: unknown) => (Array.isArray(value) ? value : []).map((v) => (typeof v === 'string' ? v : undefined));

/** Checks that ids are unique and that every reference resolves; works on unvalidated data, so it runs alongside the schema. */
export function referenceMessages(data: unknown, file: SourceFile): Message[] {
  const messages: Message[] = [];
  const report = reporter(file, messages);
  const themes = items(data, 'themes');
  const sources = items(data, 'sources');

  for (const list of ['themes', 'sources', 'claims', 'recommendations'] as const) checkUnique(data, list, report);

  const known = { themes: new Set(themes.map(idOf)), sources: new Set(sources.map(idOf)), restricted: new Set(sources.filter((s) => s.restricted === true).map(idOf)) };
  const used = { themes: new Set<unknown>(), sources: new Set<string>() };
  checkClaims(data, known, used, report);
  checkRecommendations(data, known, used, report);

  sources.forEach((source, i) => {
    const owner = describeOwner(data, ['sources', i]);
    if (typeof source.url === 'string' && !isHttpUrl(source.url)) {
      report(['sources', i, 'url'], 'invalid-url', { owner, url: source.url });
    }
    const id = idOf(source);
    if (id !== undefined && !used.sources.has(id)) report(['sources', i, 'id'], 'unused-source', { owner });
  });

  themes.forEach((theme, i) => {
    const id = idOf(theme);
    if (id !== undefined && !used.themes.has(id)) report(['themes', i, 'id'], 'empty-theme', { owner: describeOwner(data, ['themes', i]) });
  });
  return messages;
}

interface Known {
  themes: Set<string | undefined>;
  sources: Set<string | undefined>;
  restricted: Set<string | undefined>;
}

interface Used {
  themes: Set<unknown>;
  sources: Set<string>;
}

function checkClaims(data: unknown, known: Known, used: Used, report: Report): void {
  items(data, 'claims').forEach((claim, i) => {
    const owner = describeOwner(data, ['claims', i]);
    used.themes.add(claim.theme);
    if (typeof claim.theme === 'string' && !known.themes.has(claim.theme)) {
      report(['claims', i, 'theme'], 'unknown-theme', { owner, theme: claim.theme });
    }
    const refs = stringsOf(claim.sources);
    const seen = new Set<string>();
    refs.forEach((ref, j) => {
      if (ref === undefined) return;
      if (seen.has(ref)) report(['claims', i, 'sources', j], 'duplicate-citation', { owner, source: ref });
      else if (!known.sources.has(ref)) report(['claims', i, 'sources', j], 'unknown-source', { owner, source: ref });
      seen.add(ref);
      used.sources.add(ref);
    });
    const resolved = refs.filter((ref) => ref !== undefined && known.sources.has(ref));
    if (claim.restricted !== true && resolved.length > 0 && resolved.every((ref) => known.restricted.has(ref))) {
      report(['claims', i, 'sources'], 'public-claim-restricted-sources', { owner });
    }
    if (refs.length === 0 && (claim.basis === undefined || claim.basis === 'sourced')) {
      report(['claims', i, claim.sources === undefined ? 'id' : 'sources'], 'missing-sources', { owner });
    }
  });
}

function checkRecommendations(data: unknown, known: Known, used: Used, report: Report): void {
  items(data, 'recommendations').forEach((rec, i) => {
    const owner = describeOwner(data, ['recommendations', i]);
    const seen = new Set<string>();
    stringsOf(rec.themes).forEach((theme, j) => {
      if (theme === undefined) return;
      used.themes.add(theme);
      if (seen.has(theme)) report(['recommendations', i, 'themes', j], 'duplicate-theme', { owner, theme });
      else if (!known.themes.has(theme)) report(['recommendations', i, 'themes', j], 'unknown-theme', { owner, theme });
      seen.add(theme);
    });
    if (typeof rec.source !== 'string') return;
    used.sources.add(rec.source);
    if (!known.sources.has(rec.source)) {
      report(['recommendations', i, 'source'], 'unknown-source', { owner, source: rec.source });
    }
  });
}

function checkUnique(data: unknown, list: 'themes' | 'sources' | 'claims' | 'recommendations', report: Report) {
  const first = new Map<string, number>();
  items(data, list).forEach((item, i) => {
    const id = idOf(item);
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else report([list, i, 'id'], 'duplicate-id', { owner: describeOwner(data, [list, i]), element: list.replace(/s$/, ''), first: earlier + 1 });
  });
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
