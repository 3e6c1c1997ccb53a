/**
 * A text cut into pieces: some go to the translator, the rest are kept byte for byte (URLs, parameters,
 * weights, numbering, whitespace). Translating a text = translating its pieces and joining them again.
 */

export interface Piece {
  text: string;
  translate: boolean;
}

/** Which trimmed, non-empty texts are worth sending for one direction. */
export type Wanted = (core: string) => boolean;

const HAN = /\p{Script=Han}/u;

/** True when the text has at least one Chinese (Han) character. */
export function containsChinese(text: string): boolean {
  return HAN.test(text);
}

/** Markdown links (describe results cite artists this way) and bare URLs; never translated. */
const PROTECTED = /\[[^\]\n]*\]\(https?:\/\/[^)\s]*\)|<?https?:\/\/[\x21-\x7e]+/gi;

/** A Midjourney parameter (`--ar`, also `—ar` as Chinese keyboards type it) at the start or after whitespace. */
const PARAMETER = /(^|\s)(?:--|—{1,2})([a-z][a-z0-9-]*)/gi;

export interface Parameter {
  /** Lower-cased name without the dashes. */
  name: string;
  /** Where its dashes start. */
  start: number;
  /** Where the name ends and its value begins. */
  valueStart: number;
}

/** Every parameter in `text`, in order; a prompt's parameter tail starts at the first one. */
export function findParameters(text: string): Parameter[] {
  return [...text.matchAll(PARAMETER)].map((match) => {
    const start = match.index + (match[1] ?? '').length;
    return { name: (match[2] ?? '').toLowerCase(), start, valueStart: match.index + match[0].length };
  });
}

/** Adds `text`; only its trimmed core is sent (when wanted), its edge whitespace is kept as is. */
export function pushText(pieces: Piece[], text: string, wanted: Wanted): void {
  const core = text.trim();
  if (core === '' || !wanted(core)) {
    pushKept(pieces, text);
    return;
  }
  const start = text.indexOf(core);
  pushKept(pieces, text.slice(0, start));
  pieces.push({ text: core, translate: true });
  pushKept(pieces, text.slice(start + core.length));
}

/** Like pushText, but URLs and markdown links inside the text stay untouched. */
export function pushTextKeepingUrls(pieces: Piece[], text: string, wanted: Wanted): void {
  let last = 0;
  for (const match of text.matchAll(PROTECTED)) {
    pushText(pieces, text.slice(last, match.index), wanted);
    pushKept(pieces, match[0]);
    last = match.index + match[0].length;
  }
  pushText(pieces, text.slice(last), wanted);
}

export function pushKept(pieces: Piece[], text: string): void {
  if (text !== '') pieces.push({ text, translate: false });
}

/** The distinct texts to send, in order of appearance. */
export function textsToTranslate(pieces: readonly Piece[]): string[] {
  return [...new Set(pieces.filter((piece) => piece.translate).map((piece) => piece.text))];
}

export function joinPieces(pieces: readonly Piece[], translations: ReadonlyMap<string, string>): string {
  return pieces.map((piece) => (piece.translate ? translations.get(piece.text) ?? piece.text : piece.text)).join('');
}
