/**
 * A person's word on a match, written on the current review's recommendations: `same_as` names the previous
 * recommendation it follows up, `not_same_as` the previous ones it must not be matched with. Overrides win
 * over the similarity, on both sides of the match.
 */
export interface Overrides {
  /** current recommendation id → the previous recommendation id it is the same request as */
  same_as?: Readonly<Record<string, string>>;
  /** current recommendation id → previous recommendation ids it is not the same request as */
  not_same_as?: Readonly<Record<string, readonly string[]>>;
}

/** An override that names a recommendation neither review holds, or says both same and not same. */
export interface OverrideProblem {
  override: 'same_as' | 'not_same_as';
  /** the current recommendation the override is written on */
  current: string;
  /** the previous recommendation it names */
  previous: string;
  reason: 'unknown-current' | 'unknown-previous' | 'contradiction';
}

export interface OverrideIndex {
  /** 'same_as' or 'not_same_as' for a (current, previous) pair a person decided; undefined otherwise */
  verdict(current: string, previous: string): 'same_as' | 'not_same_as' | undefined;
  /** the pairs declared the same, valid ones only */
  samePairs: [current: string, previous: string][];
  problems: OverrideProblem[];
}

const pairKey = (current: string, previous: string) => JSON.stringify([current, previous]);

/** Checks the overrides against the two reviews' ids; an override with a problem is reported and not applied. */
export function indexOverrides(overrides: Overrides, currentIds: ReadonlySet<string>, previousIds: ReadonlySet<string>): OverrideIndex {
  const declared = [
    ...Object.entries(overrides.same_as ?? {}).map(([current, previous]) => ({ override: 'same_as' as const, current, previous })),
    ...Object.entries(overrides.not_same_as ?? {}).flatMap(([current, list]) => list.map((previous) => ({ override: 'not_same_as' as const, current, previous }))),
  ];
  const said = new Map<string, Set<string>>();
  for (const d of declared) said.set(pairKey(d.current, d.previous), (said.get(pairKey(d.current, d.previous)) ?? new Set()).add(d.override));
  const reasonOf = (d: (typeof declared)[number]): OverrideProblem['reason'] | undefined =>
    !currentIds.has(d.current) ? 'unknown-current' : !previousIds.has(d.previous) ? 'unknown-previous' : said.get(pairKey(d.current, d.previous))!.size > 1 ? 'contradiction' : undefined;
  const problems = declared.flatMap((d) => (reasonOf(d) ? [{ ...d, reason: reasonOf(d)! }] : []));
  const valid = declared.filter((d) => !reasonOf(d));
  const verdicts = new Map(valid.map((d) => [pairKey(d.current, d.previous), d.override]));
  const decided = new Set(valid.map((d) => d.current));
  return {
    verdict: (current, previous) => (decided.has(current) ? verdicts.get(pairKey(current, previous)) : undefined),
    samePairs: valid.filter((d) => d.override === 'same_as').map((d) => [d.current, d.previous]),
    problems,
  };
}
