/**
 * Discord CDN addresses as clients see them (`discord.cdnReplace` applied) and back, and the refresh of
 * expired attachment links through Discord's `POST /attachments/refresh-urls`.
 */
import type { DiscordRest } from '../discord/rest/index.js';

const CDN_ORIGIN = 'https://cdn.discordapp.com';

/** A refresh keeps the address and renews the signature in the query: match by what it keeps. */
const withoutQuery = (url: string): string => url.split('?')[0] ?? url;

export class CdnUrls {
  private readonly replacement: string;

  constructor(cdnReplace: string, private readonly rest: DiscordRest) {
    this.replacement = cdnReplace.replace(/\/+$/, '');
  }

  /** Rewrites a Discord CDN URL for clients when `discord.cdnReplace` is set. */
  toPublic(url: string): string {
    return this.replacement && url.startsWith(CDN_ORIGIN) ? this.replacement + url.slice(CDN_ORIGIN.length) : url;
  }

  /** Fresh links for expired URLs as clients got them: URL asked → its fresh public URL, for those refreshed. */
  async refresh(urls: readonly string[]): Promise<Map<string, string>> {
    const asked = new Map(urls.map((url) => [withoutQuery(this.toDiscord(url)), url]));
    const refreshed = await this.rest.refreshAttachmentUrls(urls.map((url) => this.toDiscord(url)));
    const result = new Map<string, string>();
    for (const { original, refreshed: fresh } of refreshed) {
      const url = asked.get(withoutQuery(original));
      if (url !== undefined && fresh) result.set(url, this.toPublic(fresh));
    }
    return result;
  }

  private toDiscord(url: string): string {
    return this.replacement && url.startsWith(this.replacement) ? CDN_ORIGIN + url.slice(this.replacement.length) : url;
  }
}
