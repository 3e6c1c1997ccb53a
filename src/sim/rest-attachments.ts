/** `POST /attachments/refresh-urls`: fresh signed links for expired CDN links, as Discord gives them. */
import { isRecord } from './guards.js';
import { parseJsonBody } from './rest-body.js';
import { discordError, formError, type RestReply, type Route, type RouteContext } from './rest-types.js';

/** Discord refreshes at most this many links per call. */
const MAX_REFRESH_URLS = 50;

async function refreshUrls(context: RouteContext): Promise<RestReply> {
  const parsed = await parseJsonBody(context.body, context.contentType);
  if (!parsed || !isRecord(parsed.value)) return discordError(400, 50109, 'The request body contains invalid JSON.');
  const urls: unknown = parsed.value.attachment_urls;
  if (!Array.isArray(urls) || !urls.every((url): url is string => typeof url === 'string')) {
    return formError(['attachment_urls'], 'BASE_TYPE_REQUIRED', 'This field is required');
  }
  if (urls.length > MAX_REFRESH_URLS) {
    return formError(['attachment_urls'], 'BASE_TYPE_MAX_LENGTH', `Must be ${MAX_REFRESH_URLS} or fewer in length.`);
  }
  // A link to no file of this CDN comes back as it was.
  const refreshed = urls.map((original) => ({ original, refreshed: context.deps.cdn.refresh(original) ?? original }));
  return { status: 200, body: { refreshed_urls: refreshed } };
}

export const attachmentRoutes: Route[] = [
  { method: 'POST', pattern: /^\/attachments\/refresh-urls$/, bucket: 'attachments-refresh', handle: refreshUrls },
];
