/** The job UUID ("message hash") of a Midjourney message, from file names and buttons (DISCORD.md §4.16). */
import type { ImageInfo, ParsedButton } from '../events.js';

const UUID = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/.source;

/** File-name shapes, most specific first; group 1 is the hash. */
const FILE_PATTERNS: readonly RegExp[] = [
  new RegExp(`(${UUID})_grid_0\\.webp$`), // progress preview `<UUID>_grid_0.webp`
  new RegExp(`_(${UUID})\\.(?:png|jpe?g|webp|gif)$`, 'i'), // final `<user>_<slug>_<UUID>.png`
  new RegExp(`(${UUID})(?:_\\d+)*\\.mp4$`, 'i'), // video `…<UUID>_0.mp4`
  new RegExp(`(${UUID})/\\d+_\\d+\\.(?:png|webp)$`, 'i'), // cdn.midjourney.com `<UUID>/0_0.png`
];
const ANY_UUID = new RegExp(UUID);

const withoutQuery = (url: string): string => url.split(/[?#]/, 1)[0] ?? '';

/** The hash named by a file name or URL: known suffixes first, else the first UUID anywhere. */
export function hashFromFile(nameOrUrl: string): string | null {
  const path = withoutQuery(nameOrUrl);
  for (const pattern of FILE_PATTERNS) {
    const found = pattern.exec(path)?.[1];
    if (found) return found.toLowerCase();
  }
  return ANY_UUID.exec(path)?.[0].toLowerCase() ?? null;
}

/** Every button of one job message carries the same UUID; the first one found wins. */
export function hashFromButtons(buttons: readonly ParsedButton[]): string | null {
  for (const button of buttons) {
    const found = ANY_UUID.exec(button.customId)?.[0];
    if (found) return found.toLowerCase();
  }
  return null;
}

/** The hash of a message: from its media file first (name, then URL), its buttons second. */
export function messageHash(media: ImageInfo | undefined, buttons: readonly ParsedButton[]): string | null {
  const fromFile = media ? (hashFromFile(media.filename) ?? hashFromFile(media.url)) : null;
  return fromFile ?? hashFromButtons(buttons);
}
