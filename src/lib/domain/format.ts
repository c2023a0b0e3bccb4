/**
 * Number formatting that matches the DfE's published rounding: half away from zero, applied to the
 * decimal figure as written (19.95 -> 20.0), not to its binary approximation (which JS toFixed rounds
 * to 19.9).
 */
import { SYMBOL_MEANING, type DfeSymbol } from './symbols';

/** Rounds half away from zero to `dp` decimal places, on the decimal value. */
export function roundHalfAway(value: number, dp: number): number {
  const scaled = Number((Math.abs(value) * 10 ** dp).toPrecision(12));
  return (Math.sign(value) * Math.round(scaled)) / 10 ** dp;
}

/** "20.0": fixed decimals with published rounding. */
export function fixed(value: number, dp = 1): string {
  const r = roundHalfAway(value, dp);
  return (Object.is(r, -0) ? 0 : r).toFixed(dp);
}

/** "20.0%": a rate to 1 decimal place, or the symbol's meaning in words when there is no number. */
export function percentOrSymbol(value: number | null, symbol: DfeSymbol | null, dp = 1): string {
  if (value !== null) return `${fixed(value, dp)}%`;
  return symbol ? SYMBOL_MEANING[symbol] : 'no figure';
}

/** "1,234": whole numbers with thousands separators (display only; CSVs carry plain numbers). */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-GB');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "30 November 2026" from an ISO date or timestamp. */
export function longDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m! - 1]} ${y}`;
}

/** Greedy word wrap to lines of at most `max` characters (a long word gets a line of its own). */
export function wrapText(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
