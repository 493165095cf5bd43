/** Generated review data of a chosen size, for the benchmark: valid, varied and deterministic. */
const KINDS = ['stated-reform', 'observed-gap', 'context'] as const;
const TYPES = ['government', 'un', 'ngo', 'media', 'nhri', 'academic'] as const;
const WORDS = 'the government reported progress on access to justice while observers noted gaps in the protection of journalists and civil society, legal aid, detention conditions, gender equality, children’s rights, freedom of assembly and independent oversight'.split(' ');

function sentence(seed: number, length: number): string {
  const words = Array.from({ length }, (_, i) => WORDS[(seed * 7 + i * 13) % WORDS.length]);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

const quote = (text: string) => JSON.stringify(text);

const RESPONSES = ['supported', 'noted', 'pending'] as const;
const STATES = ['France', 'Brazil', 'Kenya', 'Japan', 'Chile', 'Norway', 'India', 'Ghana'];

/** A review with `claims` claims and `recommendations` recommendations spread over themes and sources in proportion, as YAML text. */
export function syntheticReview(id: string, claims: number, recommendations = 0): string {
  const themes = Math.max(3, Math.round(claims / 60));
  const sources = Math.max(5, Math.round(claims / 8));
  const lines = [
    `id: ${id}`,
    `title: ${quote(`Synthetic review with ${claims} claims`)}`,
    'state: Synthetica',
    'session: 48',
    'as_of: 2025-01-20',
    `summary: ${quote(sentence(1, 40))}`,
    'themes:',
    ...Array.from({ length: themes }, (_, t) => `  - { id: theme-${t + 1}, title: ${quote(`Theme ${t + 1}: ${sentence(t, 4).slice(0, -1)}`)} }`),
    'sources:',
    ...Array.from({ length: sources }, (_, s) => `  - { id: s${s + 1}, title: ${quote(`Source ${s + 1}: ${sentence(s, 6)}`)}, type: ${TYPES[s % TYPES.length]}, url: "https://example.org/report/${s + 1}" }`),
    'claims:',
    ...Array.from({ length: claims }, (_, c) => {
      const cited = [...new Set([(c % sources) + 1, ((c * 7) % sources) + 1])].map((n) => `s${n}`).join(', ');
      return `  - { id: c${c + 1}, theme: theme-${(c % themes) + 1}, kind: ${KINDS[c % 3]}, text: ${quote(sentence(c, 18 + (c % 20)))}, sources: [${cited}] }`;
    }),
    ...(recommendations > 0 ? ['recommendations:'] : []),
    ...Array.from({ length: recommendations }, (_, r) => {
      const from = STATES[r % STATES.length];
      return `  - { id: rec-${r + 1}, text: ${quote(sentence(r + 3, 12 + (r % 15)))}, from: ${from}, response: ${RESPONSES[r % 3]}, themes: [theme-${(r % themes) + 1}] }`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
