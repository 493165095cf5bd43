import type { Message } from '../diagnostics/message.js';
import { reporter, type Report } from '../source/data-file.js';
import { describeOwner } from '../source/describe.js';
import type { DataPath, SourceFile } from '../source/positions.js';

type Item = Record<string, unknown>;

function items(data: unknown, list: string): Item[] {
  const value = typeof data === 'object' && data !== null ? (data as Item)[list] : undefined;
  return Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v !== null ? (v as Item) : {})) : [];
}

const idOf = (item: Item) => (typeof item.id === 'string' ? item.id : undefined);
const stringsOf = (value: unknown) => (Array.isArray(value) ? value : []).map((v) => (typeof v === 'string' ? v : undefined));

/** A claim's citations on unvalidated data: a plain id, or `{ source, role }` (then the id's path ends in `source`). */
function citationsIn(value: unknown): { ref: string | undefined; role: unknown; at: unknown; path: DataPath }[] {
  return (Array.isArray(value) ? value : []).map((v: unknown) => {
    if (typeof v === 'string') return { ref: v, role: 'reports', at: undefined, path: [] };
    const item = typeof v === 'object' && v !== null ? (v as Item) : {};
    return { ref: typeof item.source === 'string' ? item.source : undefined, role: item.role, at: item.at, path: ['source'] };
  });
}

/** Checks that ids are unique and that every reference resolves; works on unvalidated data, so it runs alongside the schema. */
export function referenceMessages(data: unknown, file: SourceFile): Message[] {
  const messages: Message[] = [];
  const report = reporter(file, messages);
  const themes = items(data, 'themes');
  const sources = items(data, 'sources');

  for (const list of ['themes', 'sources', 'claims', 'recommendations'] as const) checkUnique(data, list, report);

  const known = {
    themes: new Set(themes.map(idOf)),
    sources: new Set(sources.map(idOf)),
    restricted: new Set(sources.filter((s) => s.restricted === true).map(idOf)),
    government: new Set(sources.filter((s) => s.type === 'government').map(idOf)),
  };
  const used = { themes: new Set<unknown>(), sources: new Set<string>() };
  checkClaims(data, known, used, report);
  checkLinks(data, report);
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
  government: Set<string | undefined>;
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
    const cites = citationsIn(claim.sources);
    const refs = cites.map((c) => c.ref);
    const seen = new Set<string>();
    const speaker = claim.speaker ?? (claim.kind === 'stated-reform' ? 'government' : undefined);
    cites.forEach(({ ref, role, at: place, path }, j) => {
      if (ref === undefined) return;
      const at: DataPath = ['claims', i, 'sources', j, ...path];
      const key = typeof place === 'string' ? `${ref}\u0000${place}` : ref;
      if (seen.has(key)) report(at, 'duplicate-citation', { owner, source: ref, ...(typeof place === 'string' ? { at: place } : {}) });
      else if (!known.sources.has(ref)) report(at, 'unknown-source', { owner, source: ref });
      else if (role === 'confirms' && speaker === 'government' && known.government.has(ref)) report(['claims', i, 'sources', j, 'role'], 'confirms-not-independent', { owner, source: ref });
      seen.add(key);
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

/** responds_to names other claims of the review, bears_on its recommendations; each id once. */
function checkLinks(data: unknown, report: Report): void {
  const claims = new Set(items(data, 'claims').map(idOf));
  const recommendations = new Set(items(data, 'recommendations').map(idOf));
  items(data, 'claims').forEach((claim, i) => {
    const owner = describeOwner(data, ['claims', i]);
    const self = idOf(claim);
    const check = (field: 'responds_to' | 'bears_on', known: Set<string | undefined>, what: 'claim' | 'recommendation') => {
      const seen = new Set<string>();
      stringsOf(claim[field]).forEach((ref, j) => {
        if (ref === undefined) return;
        const at: DataPath = ['claims', i, field, j];
        if (seen.has(ref)) report(at, 'duplicate-link', { kind: 'link', owner, what, ref, field });
        else if (field === 'responds_to' && ref === self) report(at, 'self-link', { owner });
        else if (!known.has(ref) && /[/:#]/.test(ref)) report(at, 'link-across-reviews', { owner, ref, field, what });
        else if (!known.has(ref) && what === 'claim') report(at, 'unknown-claim', { kind: 'link', owner, claim: ref, field });
        else if (!known.has(ref)) report(at, 'unknown-recommendation', { owner, recommendation: ref, field });
        seen.add(ref);
      });
    };
    check('responds_to', claims, 'claim');
    check('bears_on', recommendations, 'recommendation');
  });
}

function checkRecommendations(data: unknown, known: Known, used: Used, report: Report): void {
  const claims = new Map(items(data, 'claims').map((c) => [idOf(c), c]));
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
    checkAssessment(data, i, claims, report);
    if (typeof rec.source !== 'string') return;
    used.sources.add(rec.source);
    if (!known.sources.has(rec.source)) {
      report(['recommendations', i, 'source'], 'unknown-source', { owner, source: rec.source });
    }
  });
}

/** An assessment rests on claims of this review; one of a theme the recommendation is not on is suspect. */
function checkAssessment(data: unknown, i: number, claims: ReadonlyMap<string | undefined, Item>, report: Report): void {
  const rec = items(data, 'recommendations')[i]!;
  const assessment = typeof rec.assessment === 'object' && rec.assessment !== null ? (rec.assessment as Item) : undefined;
  if (assessment === undefined) return;
  const owner = describeOwner(data, ['recommendations', i]);
  const themes = new Set(stringsOf(rec.themes));
  const seen = new Set<string>();
  stringsOf(assessment.claims).forEach((ref, j) => {
    if (ref === undefined) return;
    const at: DataPath = ['recommendations', i, 'assessment', 'claims', j];
    const claim = claims.get(ref);
    if (seen.has(ref)) report(at, 'duplicate-link', { kind: 'assessment', owner, ref });
    else if (claim === undefined) report(at, 'unknown-claim', { kind: 'assessment', owner, claim: ref });
    else if (typeof claim.theme === 'string' && !themes.has(claim.theme)) report(at, 'assessment-other-theme', { owner, claim: ref, theme: claim.theme });
    seen.add(ref);
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
