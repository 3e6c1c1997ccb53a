/** How a credential is shown in an answer: never in clear. */

/** A credential this long or longer shows its first and last characters (`sk-…abc`), a shorter one nothing. */
const MIN_LENGTH_TO_HINT = 16;
const HINT_CHARS = 3;
const ELLIPSIS = '…';

/** '' stays '' (nothing is set); anything else becomes `abc…xyz` or `…`. */
export function maskSecret(value: string): string {
  if (value === '') return '';
  if (value.length < MIN_LENGTH_TO_HINT) return ELLIPSIS;
  return `${value.slice(0, HINT_CHARS)}${ELLIPSIS}${value.slice(-HINT_CHARS)}`;
}
