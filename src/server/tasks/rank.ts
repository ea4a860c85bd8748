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

const fromDigits = (digits: number[]) =>
  digits
    .map((d) => DIGITS[d])
    .join("")
    .replace(/0+$/, "");

// The rank of the task added after the last one (or before the first). Halving the gap to the end each
// time would add a character every five tasks, and ranks are capped at 512 (2 561 tasks added in a row
// would reach it); instead the step is one unit three places below the run of leading "z"s (or "0"s),
// so each further character holds about 46 000 more tasks.
function after(low: string): string {
  let edge = 0;
  while (low[edge] === "z") edge++;
  const digits = Array.from({ length: edge + 3 }, (_, i) => digitAt(low, i));
  let i = digits.length - 1;
  while (digits[i] === BASE - 1) digits[i--] = 0;
  digits[i]!++;
  return fromDigits(digits);
}

function before(high: string): string {
  let edge = 0;
  while (high[edge] === "0") edge++;
  const digits = Array.from({ length: edge + 3 }, (_, i) => digitAt(high, i));
  const cut = fromDigits(digits);
  if (cut < high) return cut;
  let i = digits.length - 1;
  while (digits[i] === 0) digits[i--] = BASE - 1;
  digits[i]!--;
  return fromDigits(digits);
}

export function rankBetween(low: string | null, high: string | null): string {
  if (low !== null && !isValidRank(low)) throw new RangeError(`invalid rank: ${low}`);
  if (high !== null && !isValidRank(high)) throw new RangeError(`invalid rank: ${high}`);
  if (low !== null && high !== null && low >= high) {
    throw new RangeError(`ranks out of order: ${low} >= ${high}`);
  }
  if (low !== null && high === null) return after(low);
  if (low === null && high !== null) return before(high);
  return midpoint(low ?? "", high);
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
