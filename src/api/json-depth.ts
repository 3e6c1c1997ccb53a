/**
 * How deeply a JSON text nests, read without parsing it, so a hostile body nested 100k levels deep
 * is refused before any recursive walk (a parser's prototype scan, our own clean-ups) meets it.
 */

const OPEN = new Set(['{', '[']);
const CLOSE = new Set(['}', ']']);

/** True when `text` nests arrays and objects deeper than `maxDepth`; strings are skipped, escapes included. */
export function nestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (OPEN.has(char)) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (CLOSE.has(char)) {
      depth -= 1;
    }
  }
  return false;
}
