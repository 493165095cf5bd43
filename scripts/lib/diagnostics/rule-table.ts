import { rules } from './rules.js';

const START = '<!-- rules: generated from scripts/lib/diagnostics/rules.ts by `npm run docs`; edit the catalogue, not this table -->';
const END = '<!-- /rules -->';

/** The README's table of rules, one row a rule in the catalogue's order. */
function renderRuleTable(): string {
  const rows = Object.entries(rules).map(([id, rule]) => `| \`${id}\` | ${rule.severity} | ${rule.summary} |`);
  return ['| rule id | severity | what it reports |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with its rule table generated afresh between the marker comments. */
export function withRuleTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END, start);
  if (start === -1 || end === -1) throw new Error(`README.md lacks the markers of the rule table: ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n${renderRuleTable()}\n${readme.slice(end)}`;
}
