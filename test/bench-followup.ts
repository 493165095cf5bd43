/**
 * Figures of README "Following up across cycles": `npx tsx test/bench-followup.ts` matches the 56 states of
 * ../shared/upr-info/ sessions 1–5 with their reviews in sessions 14–17 and prints the counts and times.
 */
import { followUp, type FollowUpCounts } from '../scripts/lib/followup/match.js';
import { importExport, pairByState } from './helpers/upr-info-reviews.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** The median wall-clock and CPU milliseconds of `times` runs (CPU time is what a loaded machine disturbs least). */
function time(run: () => void, times: number): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const [w, c] = [performance.now(), cpuMs()];
    run();
    wall.push(performance.now() - w);
    cpu.push(cpuMs() - c);
  }
  return `${median(wall).toFixed(0)} ms wall, ${median(cpu).toFixed(0)} ms CPU (median of ${times})`;
}

const loadStart = performance.now();
const [cycle1, cycle2] = await Promise.all([importExport('1-5'), importExport('14-17')]);
const loadMs = performance.now() - loadStart;
const pairs = pairByState(cycle1, cycle2);

let results: ReturnType<typeof followUp>[] = [];
const first = time(() => (results = pairs.map(({ previous, current }) => followUp(previous, current))), 1);
const total = {} as Record<keyof FollowUpCounts, number>;
for (const r of results) for (const [k, v] of Object.entries(r.counts) as [keyof FollowUpCounts, number][]) total[k] = (total[k] ?? 0) + v;
const warm = time(() => pairs.forEach(({ previous, current }) => followUp(previous, current)), 5);

const side = (reviews: typeof cycle1, n: number) => ({
  recommendations: reviews.flatMap((r) => r.recommendations).slice(0, n),
  themes: [...new Map(reviews.flatMap((r) => r.themes).map((t) => [t.id, t])).values()],
});
const sizes = [100, 300, 1000, 3000].map((n) => [n, time(() => followUp(side(cycle1, n), side(cycle2, n)), 7)] as const);

const pct = (n: number) => `${((100 * n) / total.current).toFixed(1)}%`;
console.log(`read and imported the two exports in process: ${loadMs.toFixed(0)} ms`);
console.log(`${pairs.length} state pairs; ${total.current} current and ${total.previous} previous recommendations`);
console.log(`repeated ${total.repeated} (${pct(total.repeated)}), related ${total.related} (${pct(total.related)}), new ${total.new} (${pct(total.new)})`);
console.log(`counterpart by the same state: ${total.sameState} (${pct(total.sameState)}); previous ones unmatched: ${total.unmatched} of ${total.previous}`);
console.log(`position changes: ${total.nowSupported} now supported, ${total.nowNoted} now noted`);
console.log(`matching all ${pairs.length} pairs: the first time ${first}; warm ${warm}`);
for (const [n, t] of sizes) console.log(`two reviews of ${n} recommendations each: ${t}`);
