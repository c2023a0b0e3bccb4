/**
 * The DfE's ethnic groups: the minor groups ("ethnicity_minor", as published in "Absence by pupil ethnicity
 * and FSM eligibility") under the major group each belongs to, in the order the DfE lists them. Pure and
 * browser-safe.
 */

/** Major group -> its minor groups, exactly as the DfE writes them. */
export const ETHNIC_GROUPS: readonly { major: string; minor: readonly string[] }[] = [
  { major: 'White', minor: ['English / Welsh / Scottish / Northern Irish / British', 'Irish', 'Irish Traveller', 'Gypsy Roma', 'Any other White background'] },
  { major: 'Mixed / Multiple ethnic groups', minor: ['White and Black Caribbean', 'White and Black African', 'White and Asian', 'Any other Mixed / Multiple ethnic background'] },
  { major: 'Asian / Asian British', minor: ['Indian', 'Pakistani', 'Bangladeshi', 'Chinese', 'Any other Asian background'] },
  { major: 'Black / African / Caribbean / Black British', minor: ['African', 'Caribbean', 'Any other Black / African / Caribbean background'] },
  { major: 'Other ethnic group', minor: ['Any other ethnic group'] },
  { major: 'Unclassified', minor: ['Unclassified'] },
];

/** Heading for published groups that are not in ETHNIC_GROUPS: shown under it, never dropped. */
export const NOT_GROUPED = 'Not in the DfE list this site knows';

/**
 * Orders published ethnic-group labels under their major group. Major-group labels themselves (some files
 * publish "White", "Black" rows) and labels this site does not know are kept, under NOT_GROUPED, last.
 */
export function groupEthnicities(labels: Iterable<string>): { major: string; minor: string[] }[] {
  const present = new Set(labels);
  const out: { major: string; minor: string[] }[] = [];
  const placed = new Set<string>();
  for (const g of ETHNIC_GROUPS) {
    const minor = g.minor.filter((m) => present.has(m));
    minor.forEach((m) => placed.add(m));
    if (minor.length) out.push({ major: g.major, minor });
  }
  const rest = [...present].filter((l) => !placed.has(l)).sort();
  if (rest.length) out.push({ major: NOT_GROUPED, minor: rest });
  return out;
}
