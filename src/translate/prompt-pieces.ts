/**
 * Cuts a Midjourney prompt for translation into English (SPEC §9): leading image URLs, the parameter
 * tail and `::` weights are kept; the text, each part of a multi-prompt and the words after `--no`
 * are translated when they contain Chinese.
 */
import {
  containsChinese, findParameters, pushKept, pushTextKeepingUrls, type Piece,
} from './pieces.js';

/** One image prompt at the start: a URL token, optionally in angle brackets. */
const LEADING_URL = /^\s*<?https?:\/\/\S+/i;
/** A multi-prompt separator with its optional weight: `::`, `::2`, `::-0.5`, `::.5`. */
const WEIGHT = /::-?(?:\d+(?:\.\d+)?|\.\d+)?/g;
const NO_PARAMETER = 'no';

export function splitPrompt(prompt: string): Piece[] {
  const pieces: Piece[] = [];
  let rest = prompt;
  for (let url = LEADING_URL.exec(rest); url; url = LEADING_URL.exec(rest)) {
    pushKept(pieces, url[0]);
    rest = rest.slice(url[0].length);
  }
  const parameters = findParameters(rest);
  const tailStart = parameters[0]?.start ?? rest.length;
  pushWeighted(pieces, rest.slice(0, tailStart));

  parameters.forEach((parameter, index) => {
    const end = parameters[index + 1]?.start ?? rest.length;
    if (parameter.name === NO_PARAMETER) {
      pushKept(pieces, rest.slice(parameter.start, parameter.valueStart));
      pushTextKeepingUrls(pieces, rest.slice(parameter.valueStart, end), containsChinese);
    } else {
      pushKept(pieces, rest.slice(parameter.start, end));
    }
  });
  return pieces;
}

function pushWeighted(pieces: Piece[], text: string): void {
  let last = 0;
  for (const match of text.matchAll(WEIGHT)) {
    pushTextKeepingUrls(pieces, text.slice(last, match.index), containsChinese);
    pushKept(pieces, match[0]);
    last = match.index + match[0].length;
  }
  pushTextKeepingUrls(pieces, text.slice(last), containsChinese);
}
