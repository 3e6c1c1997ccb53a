/**
 * /shorten (DISCORD.md §4.11): every word gets a weight (filler words near zero), the embed marks
 * heavy words bold and dropped ones struck through, and five shorter prompts keep ever fewer words.
 */
import type { Embed } from '../../discord/protocol/index.js';
import { DIGIT_EMOJI } from './describe.js';
import { hash32 } from './hash.js';

const SHORTEN_FOOTER = 'Click on a button to imagine one of the shortened prompts';

const FILLER = new Set(['a', 'an', 'the', 'of', 'in', 'on', 'with', 'and', 'for', 'to', 'by', 'at', 'style', 'very', 'is', 'as', 'from']);
const THRESHOLDS = [0.1, 0.25, 0.4, 0.55, 0.7];
const BOLD_AT = 0.6;
const STRIKE_BELOW = 0.1;
const FILLER_WEIGHT_RANGE = 0.09;
const WORD_WEIGHT_FLOOR = 0.15;
const BAR_CELLS = 10;
const WEIGHT_STEPS = 1000;

interface Token {
  word: string;
  /** Punctuation after the word, kept outside the markdown. */
  trail: string;
  weight: number;
}

export interface Shortened {
  prompts: string[];
  embed: Embed;
  detailsEmbed: Embed;
}

function tokenize(prompt: string): Token[] {
  const words = prompt.replace(/\s--[a-z].*$/i, '').replace(/<?https?:\/\/\S+>?/g, ' ').split(/\s+/).filter((word) => word.length > 0);
  const raw = words.map((token) => {
    const match = /^(.*?)([,.;:!?]*)$/.exec(token);
    const word = match?.[1] ?? token;
    const unit = (hash32('shorten', word.toLowerCase()) % WEIGHT_STEPS) / WEIGHT_STEPS;
    const weight = FILLER.has(word.toLowerCase()) ? unit * FILLER_WEIGHT_RANGE : WORD_WEIGHT_FLOOR + unit * (1 - WORD_WEIGHT_FLOOR);
    return { word, trail: match?.[2] ?? '', weight };
  }).filter((token) => token.word.length > 0);
  const top = Math.max(...raw.map((token) => token.weight), Number.EPSILON);
  return raw.map((token) => ({ ...token, weight: token.weight / top }));
}

function shortenedPrompts(tokens: Token[]): string[] {
  const best = tokens.reduce<Token | undefined>((found, token) => (!found || token.weight > found.weight ? token : found), undefined);
  return THRESHOLDS.map((threshold) => {
    const kept = tokens.filter((token) => token.weight >= threshold);
    const text = (kept.length > 0 ? kept : best ? [best] : []).map((token) => `${token.word}${token.trail}`).join(' ');
    return text.replace(/[,.;:!?]+$/, '');
  });
}

function markedWord(token: Token): string {
  if (token.weight >= BOLD_AT) return `**${token.word}**`;
  if (token.weight < STRIKE_BELOW) return `~~${token.word}~~`;
  return token.word;
}

function bar(weight: number): string {
  const full = Math.round(weight * BAR_CELLS);
  return `${'█'.repeat(full)}${'░'.repeat(BAR_CELLS - full)}`;
}

export function shortenPrompt(prompt: string): Shortened {
  const tokens = tokenize(prompt);
  const prompts = shortenedPrompts(tokens);
  const list = prompts.map((text, i) => `${DIGIT_EMOJI[i] ?? ''} ${text}`).join('\n\n');
  const description = `## Important tokens\n${tokens.map((token) => `${markedWord(token)}${token.trail}`).join(' ')}\n## Shortened prompts\n${list}`;
  const weighted = tokens.map((token) => `${markedWord(token)} (${token.weight.toFixed(2)})`).join(' ');
  const bars = [...tokens].sort((a, b) => b.weight - a.weight).map((token) => `${bar(token.weight)} ${token.word}`).join('\n');
  const details = `## Important tokens\n${weighted}\n## Details\n${bars}\n## Shortened prompts\n${list}`;
  const footer = { text: SHORTEN_FOOTER };
  return {
    prompts,
    embed: { type: 'rich', description, footer },
    detailsEmbed: { type: 'rich', description: details, footer },
  };
}
