// Lexicographic ranks for ordering tasks in a column. Ranks are base-36 strings compared as
// fractions (0.xyz), so there is always room between two of them and a move rewrites one row.
const DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz";
const BASE = DIGITS.length;
const RANK = /^[0-9a-z]*[1-9a-z]$/;

export function isValidRank(rank: string): boolean {
  return rank.length <= 512 && RANK.test(rank);
}

function digitAt(value: string, index: number): number {
  const char = value[index];
  return char === undefined ? 0 : DIGITS.indexOf(char);
}

// A rank strictly between `low` ("" = the very start) and `high` (null = the very end).
function midpoint(low: string, high: string | null): string {
  if (high !== null) {
    let prefix = 0;
    while (prefix < high.length && (low[prefix] ?? "0") === high[prefix]) prefix++;
    if (prefix > 0) return high.slice(0, prefix) + midpoint(low.slice(prefix), high.slice(prefix));
  }
  const lowDigit = digitAt(low, 0);
  const highDigit = high === null ? BASE : digitAt(high, 0);
  if (highDigit - lowDigit > 1) {
    return DIGITS[Math.round((lowDigit + highDigit) / 2)]!;
  }
  if (high !== null && high.length > 1) return high.slice(0, 1);
  return DIGITS[lowDigit]! + midpoint(low.slice(1), null);
}

export function rankBetween(before: string | null, after: string | null): string {
  if (before !== null && !isValidRank(before)) throw new RangeError(`invalid rank: ${before}`);
  if (after !== null && !isValidRank(after)) throw new RangeError(`invalid rank: ${after}`);
  if (before !== null && after !== null && before >= after) {
    throw new RangeError(`ranks out of order: ${before} >= ${after}`);
  }
  return midpoint(before ?? "", after);
}

// `count` evenly spread ranks, for seeding and re-ranking a whole column at once.
export function spreadRanks(count: number): string[] {
  const width = Math.max(1, Math.ceil(Math.log(count + 1) / Math.log(BASE)) + 1);
  const space = BASE ** width;
  const step = Math.floor(space / (count + 1));
  return Array.from({ length: count }, (_, i) => {
    let rank = ((i + 1) * step).toString(BASE).padStart(width, "0");
    rank = rank.replace(/0+$/, "");
    return rank;
  });
}
