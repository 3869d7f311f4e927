/**
 * Seeded randomness for the benchmark data: the same seed gives the same hub, on any machine.
 * Math.random is never used here.
 */

/** A 32-bit hash of a few numbers, to give each generated thing its own stream (sfc-style mixing). */
export function hashNumbers(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h ^= value >>> 0;
    h = Math.imul(h, 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    h = Math.imul(h, 0x297a2d39);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  /** A new independent stream derived from this seed and a label, e.g. one per member. */
  static derive(seed: number, ...labels: number[]): Random {
    return new Random(hashNumbers(seed, ...labels));
  }

  /** Mulberry32: a float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** `count` different items (fewer if there are not that many), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    if (count >= items.length) return this.shuffle([...items]);
    if (count * 3 < items.length) {
      const chosen = new Set<number>();
      while (chosen.size < count) chosen.add(Math.floor(this.next() * items.length));
      return [...chosen].map((index) => items[index]!);
    }
    return this.shuffle([...items]).slice(0, count);
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  /**
   * A heavy-tailed whole number: Pareto with shape `alpha` above `min`, capped at `max`. Small
   * alphas give longer tails (a few huge groups, many small ones).
   */
  pareto(min: number, alpha: number, max: number): number {
    const value = min / Math.pow(1 - this.next(), 1 / alpha);
    return Math.min(max, Math.floor(value));
  }

  /** Normally distributed (Box–Muller). */
  normal(mean: number, deviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/**
 * Draws indices 0..n-1 with given weights in O(log n): a cumulative table and a binary search.
 * Used for Zipf-distributed tags and for members who post far more than others.
 */
export class WeightedPicker {
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) {
      sum += weights[i]!;
      this.cumulative[i] = sum;
    }
    this.total = sum;
  }

  get size() {
    return this.cumulative.length;
  }

  pick(random: Random): number {
    const target = random.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Up to `count` different indices; gives up on duplicates after a bounded number of tries. */
  pickDistinct(random: Random, count: number, exclude?: (index: number) => boolean): number[] {
    const chosen = new Set<number>();
    const wanted = Math.min(count, this.cumulative.length);
    for (let tries = 0; chosen.size < wanted && tries < wanted * 4 + 20; tries++) {
      const index = this.pick(random);
      if (!exclude?.(index)) chosen.add(index);
    }
    return [...chosen];
  }
}

/** Zipf weights 1/(rank + offset)^exponent, for ranks 0..n-1. */
export function zipfWeights(n: number, exponent = 1, offset = 1): Float64Array {
  const weights = new Float64Array(n);
  for (let rank = 0; rank < n; rank++) weights[rank] = 1 / Math.pow(rank + offset, exponent);
  return weights;
}

/**
 * Splits `total` into `parts` heavy-tailed whole shares (each at least `min`, at most `max`), so
 * that they add up to exactly `total` when the bounds allow it. Deterministic for a stream.
 */
export function heavyTailedShares(
  random: Random,
  parts: number,
  total: number,
  options: { alpha: number; min: number; max: number; /** The fraction of parts that get nothing at all. */ none?: number },
): Int32Array {
  const shares = new Int32Array(parts);
  if (parts === 0) return shares;
  const raw = new Float64Array(parts);
  let sum = 0;
  for (let i = 0; i < parts; i++) {
    const weight = 1 / Math.pow(1 - random.next(), 1 / options.alpha);
    raw[i] = options.none && random.chance(options.none) ? 0 : weight;
    sum += raw[i]!;
  }
  if (sum === 0) return shares;
  const spare = Math.max(0, total - options.min * parts);
  let given = 0;
  for (let i = 0; i < parts; i++) {
    shares[i] = Math.min(options.max, options.min + Math.floor((raw[i]! / sum) * spare));
    given += shares[i]!;
  }
  // Rounding and the cap leave some over: hand it out one by one to shares with room.
  let left = total - given;
  for (let guard = 0; left > 0 && guard < parts * 4; guard++) {
    const i = random.int(0, parts - 1);
    const room = options.max - shares[i]!;
    if (room <= 0 || raw[i] === 0) continue;
    const add = Math.min(room, left, Math.max(1, Math.ceil(left / parts)));
    shares[i] = shares[i]! + add;
    left -= add;
  }
  return shares;
}
