/**
 * The banned-word pre-check of SPEC §9: entries match literally (never as regex), case-insensitively,
 * as whole words; entries in scripts written without spaces (CJK, Thai...) match anywhere.
 */

/** Scripts that do not separate words by spaces, so a word boundary means nothing there. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** The syntax characters of a `u` regex (there, escaping anything else is an error). */
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\/]/g;
/** A letter, digit or underscore next to the entry means it is part of a longer word. */
const WORD_CHAR = '[\\p{L}\\p{N}\\p{M}_]';

function literal(entry: string): string {
  // Inner whitespace of a multi-word entry matches any run of whitespace in the prompt.
  return entry.split(/\s+/).map((part) => part.replace(REGEX_SPECIAL, '\\$&')).join('\\s+');
}

export class BannedWords {
  private pattern: RegExp | null = null;
  private entries: string[] = [];

  constructor(words: readonly string[]) {
    this.replace(words);
  }

  /** The list as it is checked: trimmed, without blanks or repeats (ignoring case). */
  list(): string[] {
    return [...this.entries];
  }

  /** A new list for every check from now on (runtime configuration). */
  replace(words: readonly string[]): void {
    const seen = new Set<string>();
    this.entries = words.map((word) => word.trim()).filter((word) => {
      const key = word.toLowerCase();
      if (word === '' || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    // Longest first, so "naked body" is reported rather than "naked" when both are listed.
    const sorted = [...seen].sort((a, b) => b.length - a.length);
    const whole = sorted.filter((entry) => !UNSPACED_SCRIPT.test(entry)).map(literal);
    const anywhere = sorted.filter((entry) => UNSPACED_SCRIPT.test(entry)).map(literal);
    const alternatives = [
      ...(whole.length > 0 ? [`(?<!${WORD_CHAR})(?:${whole.join('|')})(?!${WORD_CHAR})`] : []),
      ...(anywhere.length > 0 ? [`(?:${anywhere.join('|')})`] : []),
    ];
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'iu') : null;
  }

  /** The first banned entry found, spelled as it appears in the text; null when the text is clean. */
  find(text: string): string | null {
    return this.pattern?.exec(text)?.[0] ?? null;
  }
}
