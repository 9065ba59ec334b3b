// Estimates how many bits of guessing a token resists, the way a cracker would attack it: runs
// (aaaa, 1234, dcba), keyboard walks (qwerty, 1qaz2wsx), repeats of an earlier stretch, and
// placeholder words cost one guess each; every other character costs log2 of the alphabet the token
// draws from (16 for hex). A random 32-hex token (`openssl rand -hex 16`) scores 128 bits; the usual
// placeholders score far less. Tokens that are the published hash of a common password (sha256 of
// "password", `echo admin | md5sum`) are refused outright: they look random and are in every
// lookup table.
import { createHash } from "node:crypto";

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

/**
 * Keyboard walks are made of straight stretches along a row or a column of a US QWERTY keyboard
 * ("qwer", "1qaz"), in either direction. One such stretch of MIN_KEYBOARD keys is too common by
 * chance to count on its own (a random 32-hex token holds "3edc", "7890" or "1234" about once in
 * 140), so a stretch counts as one guess when it is MIN_PATTERN long, or when it joins another
 * stretch of MIN_KEYBOARD or more (a walk: "1qaz2wsx", "qwerasdf"), which chance almost never gives.
 */
const MIN_KEYBOARD = 4;

const KEYBOARD_ROWS = ["`1234567890-=", "qwertyuiop[]\\", "asdfghjkl;'", "zxcvbnm,./"];
const SHIFTED: Record<string, string> = Object.fromEntries(
  [..."`1234567890-=[]\\;',./"].map((c, i) => [c, '~!@#$%^&*()_+{}|:"<>?'[i]]),
);

/** Every straight line of keys: the rows, and the columns slanting down-right ("1qaz", "0p;/"). */
function keyboardLines(): string[] {
  const columns: string[] = [];
  // Each letter row starts half a key right of the row above: column c is row 0's key c, then key c-1 below.
  for (let c = 1; c < KEYBOARD_ROWS[0].length; c++) columns.push(KEYBOARD_ROWS.map((row, r) => row[r === 0 ? c : c - 1] ?? "").join(""));
  const base = [...KEYBOARD_ROWS, ...columns];
  const capsLock = base.map((l) => l.toUpperCase());
  const shifted = base.map((l) => [...l].map((c) => SHIFTED[c] ?? c.toUpperCase()).join(""));
  return [...new Set([...base, ...capsLock, ...shifted])].filter((l) => l.length >= 2);
}

/** Every stretch of 2+ keys along a keyboard line, forwards and backwards. */
const KEYBOARD_STRETCHES: ReadonlySet<string> = (() => {
  const set = new Set<string>();
  for (const line of keyboardLines()) {
    for (const l of [line, [...line].reverse().join("")]) {
      for (let i = 0; i < l.length; i++) for (let j = i + 2; j <= l.length; j++) set.add(l.slice(i, j));
    }
  }
  return set;
})();

/** Length of the longest keyboard stretch starting at i (0 when shorter than MIN_KEYBOARD). */
function keyboardStretch(token: string, i: number): number {
  let len = 0;
  // Stretches are prefix-closed: a stretch's prefix is a stretch too.
  while (i + len + 1 <= token.length && (len + 1 < 2 || KEYBOARD_STRETCHES.has(token.slice(i, i + len + 1)))) len++;
  return len >= MIN_KEYBOARD ? len : 0;
}

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

/** Lengths of the keyboard walk stretches that count as one guess, by start position (0: none). */
function keyboardWalks(token: string): number[] {
  const stretch = [...token].map((_, i) => keyboardStretch(token, i));
  const counts = stretch.map(() => 0);
  for (let i = 0; i < token.length; i++) {
    const len = stretch[i];
    if (len === 0) continue;
    const next = stretch[i + len] ?? 0;
    const joinsPrevious = stretch.some((l, j) => j < i && l > 0 && j + l === i);
    if (len >= MIN_PATTERN || next > 0 || joinsPrevious) counts[i] = len;
  }
  return counts;
}

/** Estimated bits of entropy of `token`. */
export function estimateTokenBits(token: string): number {
  const bitsPerChar = alphabetBits(token);
  const walks = keyboardWalks(token);
  let symbols = 0;
  for (let i = 0; i < token.length; symbols++) {
    const word = wordLength(token, i);
    const pattern = Math.max(runLength(token, i), repeatLength(token, i));
    // A word, run, keyboard walk or repeat is guessed as one symbol; any other character is one symbol itself.
    i += Math.max(1, word, walks[i], pattern >= MIN_PATTERN ? pattern : 0);
  }
  return Math.round(symbols * bitsPerChar);
}

/**
 * Passwords at the top of every leaked-password list (and this project's own placeholder words).
 * Their md5/sha1/sha256/sha512 hex digests are the first entries of every hash lookup table.
 */
const COMMON_PASSWORDS = [
  "123456", "password", "123456789", "12345678", "12345", "qwerty", "1234567", "111111", "1234567890", "123123",
  "abc123", "1234", "password1", "iloveyou", "1q2w3e4r", "000000", "qwerty123", "zaq12wsx", "dragon", "sunshine",
  "princess", "letmein", "654321", "monkey", "27653", "1qaz2wsx", "123321", "qwertyuiop", "superman", "asdfghjkl",
  "trustno1", "football", "baseball", "welcome", "admin", "changeme", "secret", "master", "shadow", "666666",
  "888888", "michael", "jennifer", "jordan", "hunter2", "hunter", "passw0rd", "p@ssw0rd", "Password", "Password1",
  "password123", "Password123", "admin123", "root", "toor", "test", "test123", "guest", "default", "login",
  "starwars", "whatever", "freedom", "hello", "charlie", "batman", "access", "flower", "mustang", "121212",
  "7777777", "123qwe", "aa123456", "987654321", "1q2w3e", "qwe123", "azerty", "killer", "pokemon", "loveme",
  "555555", "112233", "159753", "cheese", "computer", "internet", "samsung", "secret123", "changeit", "asdf",
  "asdfgh", "zxcvbnm", "qazwsx", "0", "1", "a", "", "token", "gateway", "openclaw", "pass", "apple", "Qwerty123!",
];

/** Digest (lower-case hex) -> algorithm name, for each password with and without `echo`'s newline. */
const COMMON_PASSWORD_HASHES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  const algorithms: [string, string][] = [["md5", "MD5"], ["sha1", "SHA-1"], ["sha256", "SHA-256"], ["sha512", "SHA-512"]];
  for (const password of COMMON_PASSWORDS) {
    for (const text of [password, `${password}\n`]) {
      for (const [alg, name] of algorithms) map.set(createHash(alg).update(text).digest("hex"), name);
    }
  }
  return map;
})();

/** The hash algorithm when `token` is the hex digest of a common password, else undefined. */
function commonPasswordHash(token: string): string | undefined {
  return /^[0-9a-f]+$/i.test(token) ? COMMON_PASSWORD_HASHES.get(token.toLowerCase()) : undefined;
}

/** Why a gateway token is too weak, or undefined. Never includes the token. */
export function weakTokenReason(token: string, minBits = 128): string | undefined {
  if (/replace[-_ ]?with|change[-_ ]?me|your[-_ ]?(long[-_ ]?)?(random[-_ ]?)?token|placeholder|example/i.test(token)) {
    return "looks like a placeholder from an example; generate one: openssl rand -hex 32";
  }
  const hashed = commonPasswordHash(token);
  if (hashed) return `the ${hashed} of a common password, listed in every hash lookup table; generate one: openssl rand -hex 32`;
  const bits = estimateTokenBits(token);
  if (bits < minBits) return `too guessable: about ${bits} bits of entropy, at least ${minBits} needed (openssl rand -hex 32)`;
  return undefined;
}
