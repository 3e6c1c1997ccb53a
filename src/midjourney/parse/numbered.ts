/** The numbered picks of describe and shorten results: `1️⃣ …`, `2️⃣ …` (keycap emoji). */

// A keycap is a digit, an optional variation selector U+FE0F and the combining keycap U+20E3.
const KEYCAP = /[1-9]\uFE0F?\u20E3/gu;
const KEYCAP_LINE = /^\s*[1-9]\uFE0F?\u20E3\s*(?<text>.*\S)\s*$/u;

/** The texts between consecutive keycaps (describe: each prompt may span a paragraph). */
export function splitNumbered(text: string): string[] {
  const starts = [...text.matchAll(KEYCAP)];
  return starts
    .map((marker, i) => text.slice((marker.index ?? 0) + marker[0].length, starts[i + 1]?.index ?? text.length).trim())
    .filter((item) => item !== '');
}

/** The lines that begin with a keycap, without it (shorten: other lines hold the analysis). */
export function numberedLines(text: string): string[] {
  return text.split('\n').flatMap((line) => KEYCAP_LINE.exec(line)?.groups?.text ?? []);
}
