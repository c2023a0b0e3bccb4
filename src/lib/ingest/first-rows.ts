/**
 * The first row of each key met in a file, for the importers' refusal of a second row for the same place
 * (period, identifier, level, area, phase, breakdown...).
 *
 * A key is a fixed number of strings, held in nested maps (one level per part) rather than joined into one
 * string per row: joined keys, one per row and all kept to the end of the file, were about a quarter of the
 * importers' time, mostly young-generation garbage collections copying them. The parts an importer passes
 * are mostly strings it already holds (an area's code, a phase), so nothing new is kept per row but the
 * map entry.
 */
export class FirstRows<V> {
  private readonly root = new Map<string, unknown>();

  /** `depth`: the number of parts of every key (at least 1). */
  constructor(private readonly depth: number) {
    if (!Number.isInteger(depth) || depth < 1) throw new Error(`a key needs at least one part, not ${depth}`);
  }

  /**
   * What was recorded for the key `parts`, when a row had it before; otherwise records `value` for it and
   * returns undefined. Throws when `parts` is not `depth` long (a shorter key would find a level's map).
   */
  claim(parts: readonly string[], value: V): V | undefined {
    if (parts.length !== this.depth) throw new Error(`a key of ${this.depth} parts, not ${parts.length}`);
    let level = this.root;
    const last = parts.length - 1;
    for (let i = 0; i < last; i++) {
      let next = level.get(parts[i]!) as Map<string, unknown> | undefined;
      if (next === undefined) level.set(parts[i]!, (next = new Map()));
      level = next;
    }
    const before = level.get(parts[last]!) as V | undefined;
    if (before !== undefined) return before;
    level.set(parts[last]!, value);
    return undefined;
  }
}
