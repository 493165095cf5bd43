import anyAscii from 'any-ascii';
import { distance } from 'fastest-levenshtein';

/** A UN member or observer state: ISO 3166-1 alpha-2 code, English short name, and other names it goes by. */
export interface State {
  iso: string;
  name: string;
  /** UN and ISO long forms, former names, and the spellings of the exports (UPR Info, UHRI) */
  aliases: readonly string[];
  observer?: true;
}

/**
 * The 193 UN member states and the 2 observer states (Holy See, State of Palestine). Names: the English short
 * name in common use; aliases: the UN's official short form where it differs (ISO 3166-1's English short name),
 * former names, and every name the UPR Info exports in ../shared/upr-info use (test/states.test.ts checks them).
 */
const TABLE: readonly (readonly [string, string, ...string[]])[] = [
  ['AF', 'Afghanistan', 'Islamic Republic of Afghanistan'],
  ['AL', 'Albania'],
  ['DZ', 'Algeria'],
  ['AD', 'Andorra'],
  ['AO', 'Angola'],
  ['AG', 'Antigua and Barbuda', 'Antigua & Barbuda'],
  ['AR', 'Argentina'],
  ['AM', 'Armenia'],
  ['AU', 'Australia'],
  ['AT', 'Austria'],
  ['AZ', 'Azerbaijan'],
  ['BS', 'Bahamas', 'The Bahamas'],
  ['BH', 'Bahrain'],
  ['BD', 'Bangladesh'],
  ['BB', 'Barbados'],
  ['BY', 'Belarus'],
  ['BE', 'Belgium'],
  ['BZ', 'Belize'],
  ['BJ', 'Benin'],
  ['BT', 'Bhutan'],
  ['BO', 'Bolivia', 'Bolivia (Plurinational State of)', 'Plurinational State of Bolivia'],
  ['BA', 'Bosnia and Herzegovina', 'Bosnia & Herzegovina'],
  ['BW', 'Botswana'],
  ['BR', 'Brazil'],
  ['BN', 'Brunei Darussalam', 'Brunei'],
  ['BG', 'Bulgaria'],
  ['BF', 'Burkina Faso'],
  ['BI', 'Burundi'],
  ['CV', 'Cabo Verde', 'Cape Verde'],
  ['KH', 'Cambodia'],
  ['CM', 'Cameroon'],
  ['CA', 'Canada'],
  ['CF', 'Central African Republic'],
  ['TD', 'Chad'],
  ['CL', 'Chile'],
  ['CN', 'China', "People's Republic of China"],
  ['CO', 'Colombia'],
  ['KM', 'Comoros', 'The Comoros'],
  ['CG', 'Congo', 'Republic of Congo', 'Republic of the Congo', 'Congo-Brazzaville'],
  ['CR', 'Costa Rica'],
  ['CI', "Côte d'Ivoire", 'Ivory Coast'],
  ['HR', 'Croatia'],
  ['CU', 'Cuba'],
  ['CY', 'Cyprus'],
  ['CZ', 'Czechia', 'Czech Republic'],
  ['KP', "Democratic People's Republic of Korea", 'DPR Korea', 'North Korea', 'DPRK', "Korea (Democratic People's Republic of)"],
  ['CD', 'Democratic Republic of the Congo', 'Democratic Republic of Congo', 'DR Congo', 'DRC', 'Congo (Democratic Republic of the)', 'Congo-Kinshasa'],
  ['DK', 'Denmark'],
  ['DJ', 'Djibouti'],
  ['DM', 'Dominica'],
  ['DO', 'Dominican Republic'],
  ['EC', 'Ecuador'],
  ['EG', 'Egypt'],
  ['SV', 'El Salvador'],
  ['GQ', 'Equatorial Guinea'],
  ['ER', 'Eritrea'],
  ['EE', 'Estonia'],
  ['SZ', 'Eswatini', 'Swaziland', 'Kingdom of Eswatini'],
  ['ET', 'Ethiopia'],
  ['FJ', 'Fiji'],
  ['FI', 'Finland'],
  ['FR', 'France'],
  ['GA', 'Gabon'],
  ['GM', 'Gambia', 'The Gambia'],
  ['GE', 'Georgia'],
  ['DE', 'Germany'],
  ['GH', 'Ghana'],
  ['GR', 'Greece'],
  ['GD', 'Grenada'],
  ['GT', 'Guatemala'],
  ['GN', 'Guinea'],
  ['GW', 'Guinea-Bissau', 'Guinea Bissau'],
  ['GY', 'Guyana'],
  ['HT', 'Haiti'],
  ['HN', 'Honduras'],
  ['HU', 'Hungary'],
  ['IS', 'Iceland'],
  ['IN', 'India'],
  ['ID', 'Indonesia'],
  ['IR', 'Iran', 'Iran (Islamic Republic of)', 'Islamic Republic of Iran'],
  ['IQ', 'Iraq'],
  ['IE', 'Ireland'],
  ['IL', 'Israel'],
  ['IT', 'Italy'],
  ['JM', 'Jamaica'],
  ['JP', 'Japan'],
  ['JO', 'Jordan'],
  ['KZ', 'Kazakhstan'],
  ['KE', 'Kenya'],
  ['KI', 'Kiribati'],
  ['KW', 'Kuwait'],
  ['KG', 'Kyrgyzstan', 'Kyrgyz Republic'],
  ['LA', 'Laos', "Lao People's Democratic Republic", 'Lao PDR'],
  ['LV', 'Latvia'],
  ['LB', 'Lebanon'],
  ['LS', 'Lesotho'],
  ['LR', 'Liberia'],
  ['LY', 'Libya', 'Libyan Arab Jamahiriya'],
  ['LI', 'Liechtenstein'],
  ['LT', 'Lithuania'],
  ['LU', 'Luxembourg'],
  ['MG', 'Madagascar'],
  ['MW', 'Malawi'],
  ['MY', 'Malaysia'],
  ['MV', 'Maldives'],
  ['ML', 'Mali'],
  ['MT', 'Malta'],
  ['MH', 'Marshall Islands'],
  ['MR', 'Mauritania'],
  ['MU', 'Mauritius'],
  ['MX', 'Mexico'],
  ['FM', 'Micronesia', 'Micronesia (Federated States of)', 'Federated States of Micronesia'],
  ['MC', 'Monaco'],
  ['MN', 'Mongolia'],
  ['ME', 'Montenegro'],
  ['MA', 'Morocco'],
  ['MZ', 'Mozambique'],
  ['MM', 'Myanmar', 'Burma'],
  ['NA', 'Namibia'],
  ['NR', 'Nauru'],
  ['NP', 'Nepal'],
  ['NL', 'Netherlands', 'The Netherlands', 'Kingdom of the Netherlands'],
  ['NZ', 'New Zealand'],
  ['NI', 'Nicaragua'],
  ['NE', 'Niger'],
  ['NG', 'Nigeria'],
  ['MK', 'North Macedonia', 'Macedonia FYR', 'The former Yugoslav Republic of Macedonia', 'Former Yugoslav Republic of Macedonia', 'FYR Macedonia', 'Macedonia'],
  ['NO', 'Norway'],
  ['OM', 'Oman'],
  ['PK', 'Pakistan'],
  ['PW', 'Palau'],
  ['PA', 'Panama'],
  ['PG', 'Papua New Guinea'],
  ['PY', 'Paraguay'],
  ['PE', 'Peru'],
  ['PH', 'Philippines'],
  ['PL', 'Poland'],
  ['PT', 'Portugal'],
  ['QA', 'Qatar'],
  ['KR', 'Republic of Korea', 'South Korea', 'Korea (Republic of)', 'Korea'],
  ['MD', 'Republic of Moldova', 'Moldova', 'Moldova (Republic of)'],
  ['RO', 'Romania'],
  ['RU', 'Russian Federation', 'Russia'],
  ['RW', 'Rwanda'],
  ['KN', 'Saint Kitts and Nevis', 'St Kitts and Nevis', 'Saint Kitts & Nevis'],
  ['LC', 'Saint Lucia', 'St Lucia'],
  ['VC', 'Saint Vincent and the Grenadines', 'St Vincent and the Grenadines', 'Saint Vincent & the Grenadines'],
  ['WS', 'Samoa'],
  ['SM', 'San Marino'],
  ['ST', 'Sao Tome and Principe', 'São Tomé and Príncipe', 'Sao Tome & Principe'],
  ['SA', 'Saudi Arabia'],
  ['SN', 'Senegal'],
  ['RS', 'Serbia'],
  ['SC', 'Seychelles'],
  ['SL', 'Sierra Leone'],
  ['SG', 'Singapore'],
  ['SK', 'Slovakia', 'Slovak Republic'],
  ['SI', 'Slovenia'],
  ['SB', 'Solomon Islands'],
  ['SO', 'Somalia'],
  ['ZA', 'South Africa'],
  ['SS', 'South Sudan'],
  ['ES', 'Spain'],
  ['LK', 'Sri Lanka'],
  ['SD', 'Sudan'],
  ['SR', 'Suriname'],
  ['SE', 'Sweden'],
  ['CH', 'Switzerland'],
  ['SY', 'Syria', 'Syrian Arab Republic'],
  ['TJ', 'Tajikistan'],
  ['TH', 'Thailand'],
  ['TL', 'Timor-Leste', 'East Timor'],
  ['TG', 'Togo'],
  ['TO', 'Tonga'],
  ['TT', 'Trinidad and Tobago', 'Trinidad & Tobago'],
  ['TN', 'Tunisia'],
  ['TR', 'Türkiye', 'Turkey'],
  ['TM', 'Turkmenistan'],
  ['TV', 'Tuvalu'],
  ['UG', 'Uganda'],
  ['UA', 'Ukraine'],
  ['AE', 'United Arab Emirates', 'UAE'],
  ['GB', 'United Kingdom', 'United Kingdom of Great Britain and Northern Ireland', 'UK', 'Great Britain'],
  ['TZ', 'United Republic of Tanzania', 'Tanzania', 'Tanzania (United Republic of)'],
  ['US', 'United States', 'United States of America', 'USA'],
  ['UY', 'Uruguay'],
  ['UZ', 'Uzbekistan'],
  ['VU', 'Vanuatu'],
  ['VE', 'Venezuela', 'Venezuela (Bolivarian Republic of)', 'Bolivarian Republic of Venezuela'],
  ['VN', 'Viet Nam', 'Vietnam'],
  ['YE', 'Yemen'],
  ['ZM', 'Zambia'],
  ['ZW', 'Zimbabwe'],
  ['VA', 'Holy See', 'Vatican', 'Vatican City'],
  ['PS', 'State of Palestine', 'Palestine'],
];

const OBSERVERS = new Set(['VA', 'PS']);

export const STATES: readonly State[] = TABLE.map(([iso, name, ...aliases]) => ({ iso, name, aliases, ...(OBSERVERS.has(iso) ? { observer: true as const } : {}) }));

/**
 * A name folded for comparison: accents and case dropped, "&" read as "and", punctuation and a leading "the"
 * ignored, so "Côte d’Ivoire", "cote d'ivoire" and "COTE D IVOIRE" are the same name.
 */
export function foldName(name: string): string {
  return anyAscii(name.normalize('NFC'))
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/^the /, '');
}

const BY_ISO = new Map(STATES.map((state) => [state.iso, state]));
/** Folded names, made on first use: folding every name costs a process that never looks one up (a build with every check cached) a few milliseconds. */
let byName: Map<string, State> | undefined;
const namesFolded = () => (byName ??= new Map(STATES.flatMap((state) => [state.name, ...state.aliases].map((name) => [foldName(name), state] as const))));

/** The state a name, an alias or an ISO 3166-1 alpha-2 code stands for, in any case, with or without accents. */
export function findState(nameOrCode: string): State | undefined {
  const trimmed = nameOrCode.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed) && BY_ISO.has(trimmed.toUpperCase())) return BY_ISO.get(trimmed.toUpperCase());
  return namesFolded().get(foldName(trimmed)) ?? namesFolded().get(foldName(trimmed.replace(/-/g, ' ')));
}

export const stateByIso = (iso: string): State | undefined => BY_ISO.get(iso.toUpperCase());

/** The names nearest to `wanted` (edit distance over folded names), best first, for "did you mean …?". */
export function nearestNames(wanted: string, candidates: Iterable<string>, limit = 3): string[] {
  const folded = foldName(wanted);
  const scored = [...new Set(candidates)].map((name) => ({ name, d: distance(folded, foldName(name)) / Math.max(folded.length, foldName(name).length, 1) }));
  return scored
    .filter((s) => s.d <= 0.5)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name, 'en'))
    .slice(0, limit)
    .map((s) => s.name);
}

/** Every name of the table: short names and aliases. */
export const allStateNames = (): string[] => STATES.flatMap((s) => [s.name, ...s.aliases]);
