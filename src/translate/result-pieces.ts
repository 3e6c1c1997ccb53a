/**
 * Cuts a describe or shorten result for translation into Chinese: line by line, keeping blank lines,
 * markdown headings (`## Important tokens`), the 1️⃣..5️⃣ numbering, `--ar` tails and links; the words
 * in between are translated.
 */
import {
  findParameters, pushKept, pushTextKeepingUrls, type Piece,
} from './pieces.js';

const LINE_BREAK = /(\r?\n)/;
const HEADING = /^\s*#{1,6}\s/;
/** Keycap emoji (1️⃣ = digit, optional VS16, U+20E3), 🔟, or "1." / "1)" / "1、". */
const NUMBERING = /^\s*(?:[0-9#*]\uFE0F?\u20E3|\u{1F51F}|\d+[.)、])\s*/u;
const LATIN_LETTER = /[a-z]/i;

const hasWords = (core: string): boolean => LATIN_LETTER.test(core);

export function splitResult(text: string): Piece[] {
  const pieces: Piece[] = [];
  for (const line of text.split(LINE_BREAK)) {
    if (HEADING.test(line) || LINE_BREAK.test(line)) {
      pushKept(pieces, line);
      continue;
    }
    const numbering = NUMBERING.exec(line)?.[0] ?? '';
    pushKept(pieces, numbering);
    const body = line.slice(numbering.length);
    const tailStart = findParameters(body)[0]?.start ?? body.length;
    pushTextKeepingUrls(pieces, body.slice(0, tailStart), hasWords);
    pushKept(pieces, body.slice(tailStart));
  }
  return pieces;
}
