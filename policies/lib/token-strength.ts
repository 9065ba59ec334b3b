// Estimates how many bits of guessing a token resists, the way a cracker would attack it: runs
// (aaaa, 1234, dcba), repeats of an earlier stretch, and placeholder words cost one guess each;
// every other character costs log2 of the alphabet the token draws from (16 for hex). A random
// 32-hex token (`openssl rand -hex 16`) scores 128 bits; the usual placeholders score far less.

/** Words of placeholders and examples ("replace-with-…", "changeme", "your-token-here"). */
const PLACEHOLDER_WORDS = [
  "replace", "with", "your", "token", "secret", "password", "passwd", "changeme", "change", "example",
  "placeholder", "openssl", "rand", "random", "dummy", "sample", "insert", "here", "todo", "fixme",
  "test", "default", "admin", "gateway", "openclaw", "letmein", "qwerty", "hunter", "xxxxx",
].sort((a, b) => b.length - a.length);

/**
 * Stretches of this length or more count as one guess; shorter ones occur by chance in random
 * tokens (a random 32-hex token holds a 6-long run or repeat about once in 10,000).
 */
const MIN_PATTERN = 6;

function alphabetBits(token: string): number {
  if (/^[0-9a-f]+$/.test(token) || /^[0-9A-F]+$/.test(token)) return 4;
  let size = 0;
  if (/[a-z]/.test(token)) size += 26;
  if (/[A-Z]/.test(token)) size += 26;
  if (/[0-9]/.test(token)) size += 10;
  if (/[^A-Za-z0-9]/.test(token)) size += 33;
  return Math.log2(Math.max(size, 2));
}

/** Length of a run starting at i whose characters step by a constant -1, 0 or +1. */
function runLength(token: string, i: number): number {
  if (i + 1 >= token.length) return 1;
  const step = token.charCodeAt(i + 1) - token.charCodeAt(i);
  if (Math.abs(step) > 1) return 1;
  let j = i + 1;
  while (j + 1 < token.length && token.charCodeAt(j + 1) - token.charCodeAt(j) === step) j++;
  return j - i + 1;
}

/** Length of the longest stretch starting at i that already occurred earlier in the token. */
function repeatLength(token: string, i: number): number {
  let best = 0;
  for (let start = 0; start < i; start++) {
    let len = 0;
    while (i + len < token.length && token[start + len] === token[i + len]) len++;
    if (len > best) best = len;
  }
  return best;
}

function wordLength(token: string, i: number): number {
  const lower = token.slice(i).toLowerCase();
  return PLACEHOLDER_WORDS.find((w) => lower.startsWith(w))?.length ?? 0;
}

/** Estimated bits of entropy of `token`. */
export function estimateTokenBits(token: string): number {
  const bitsPerChar = alphabetBits(token);
  let symbols = 0;
  for (let i = 0; i < token.length; symbols++) {
    const word = wordLength(token, i);
    const pattern = Math.max(runLength(token, i), repeatLength(token, i));
    // A word, run or repeat is guessed as one symbol; any other character is one symbol itself.
    i += Math.max(1, word, pattern >= MIN_PATTERN ? pattern : 0);
  }
  return Math.round(symbols * bitsPerChar);
}

/** Why a gateway token is too weak, or undefined. Never includes the token. */
export function weakTokenReason(token: string, minBits = 128): string | undefined {
  if (/replace[-_ ]?with|change[-_ ]?me|your[-_ ]?(long[-_ ]?)?(random[-_ ]?)?token|placeholder|example/i.test(token)) {
    return "looks like a placeholder from an example; generate one: openssl rand -hex 32";
  }
  const bits = estimateTokenBits(token);
  if (bits < minBits) return `too guessable: about ${bits} bits of entropy, at least ${minBits} needed (openssl rand -hex 32)`;
  return undefined;
}
