import { createMessage, type Message } from '../diagnostics/message.js';
import type { RuleId } from '../diagnostics/rules.js';
import { describeOwner } from './describe.js';
import { locate, type DataPath, type SourceFile } from './source.js';

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
  const report = (path: DataPath, rule: RuleId, reason: string) => messages.push(createMessage(file.path, locate(file, path), rule, reason));
  const themes = items(data, 'themes');
  const sources = items(data, 'sources');
  const claims = items(data, 'claims');

  for (const list of ['themes', 'sources', 'claims'] as const) checkUnique(data, list, report);

  const themeIds = new Set(themes.map(idOf));
  const sourceIds = new Set(sources.map(idOf));
  const restrictedIds = new Set(sources.filter((s) => s.restricted === true).map(idOf));
  const cited = new Set<string>();
  const themed = new Set<unknown>();
  claims.forEach((claim, i) => {
    const owner = describeOwner(data, ['claims', i]);
    themed.add(claim.theme);
    if (typeof claim.theme === 'string' && !themeIds.has(claim.theme)) {
      report(['claims', i, 'theme'], 'unknown-theme', `${owner} names theme "${claim.theme}", which is not declared; add it under themes or correct the id`);
    }
    const refs = stringsOf(claim.sources);
    const seen = new Set<string>();
    refs.forEach((ref, j) => {
      if (ref === undefined) return;
      if (seen.has(ref)) report(['claims', i, 'sources', j], 'duplicate-citation', `${owner} cites source "${ref}" twice; remove one`);
      else if (!sourceIds.has(ref)) report(['claims', i, 'sources', j], 'unknown-source', `${owner} cites unknown source "${ref}"; declare it under sources or correct the id`);
      seen.add(ref);
      cited.add(ref);
    });
    const known = refs.filter((ref) => ref !== undefined && sourceIds.has(ref));
    if (claim.restricted !== true && known.length > 0 && known.every((ref) => restrictedIds.has(ref))) {
      report(['claims', i, 'sources'], 'public-claim-restricted-sources', `${owner} is not restricted but cites only restricted sources, so the public edition would show it without support; mark the claim \`restricted: true\`, or cite a source that is not restricted`);
    }
    if (refs.length === 0 && (claim.basis === undefined || claim.basis === 'sourced')) {
      report(['claims', i, claim.sources === undefined ? 'id' : 'sources'], 'missing-sources', `${owner} is sourced but cites no source; add its sources, or mark it \`basis: inferred\``);
    }
  });

  sources.forEach((source, i) => {
    const owner = describeOwner(data, ['sources', i]);
    if (typeof source.url === 'string' && !isHttpUrl(source.url)) {
      report(['sources', i, 'url'], 'invalid-url', `${owner} has url "${source.url}", which is not an http(s) address; use http:// or https://, or leave the url out`);
    }
    const id = idOf(source);
    if (id !== undefined && !cited.has(id)) report(['sources', i, 'id'], 'unused-source', `${owner} is not cited by any claim; cite it or remove it`);
  });

  themes.forEach((theme, i) => {
    const id = idOf(theme);
    if (id !== undefined && !themed.has(id)) report(['themes', i, 'id'], 'empty-theme', `${describeOwner(data, ['themes', i])} has no claims; add claims to it or remove it`);
  });
  return messages;
}

function checkUnique(data: unknown, list: 'themes' | 'sources' | 'claims', report: (path: DataPath, rule: RuleId, reason: string) => void) {
  const first = new Map<string, number>();
  items(data, list).forEach((item, i) => {
    const id = idOf(item);
    if (id === undefined) return;
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, i);
    else report([list, i, 'id'], 'duplicate-id', `${describeOwner(data, [list, i])} repeats the id of ${list.replace(/s$/, '')} ${earlier + 1}; give each ${list.replace(/s$/, '')} its own id`);
  });
}

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
