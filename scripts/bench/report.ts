/**
 * Printing for the benchmark: aligned plain-text tables, and targets that are judged (pass/miss) but
 * never fail the run.
 */

export interface Target {
  name: string;
  /** Measured figure, already formatted. */
  measured: string;
  /** The budget, formatted ("<= 150 KB"). */
  budget: string;
  /** null when it could not be measured (the reason is in `measured`). */
  pass: boolean | null;
  /** How far over or under, formatted ("+12.3 KB", "2.1x"). */
  margin?: string;
}

export function verdict(pass: boolean | null): string {
  return pass === null ? 'n/a' : pass ? 'pass' : 'MISS';
}

/** Prints rows as a table with a header row; columns are left-aligned except numbers, right-aligned. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+( ?[a-zA-Z%x]+)?$|^$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A section heading on stdout. */
export function heading(text: string): void {
  process.stdout.write(`\n== ${text} ==\n`);
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

export function mb(value: number): string {
  return `${Math.round(value)} MB`;
}

export function ratio(value: number): string {
  return `${value.toFixed(2)}x`;
}
