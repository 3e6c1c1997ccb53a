/** IN lists of ids, sized so that the SQL texts (and their prepared statements) repeat. */

/** Largest IN list per query: far below every engine's bound-parameter limit. */
const MAX_IDS_PER_QUERY = 512;

/**
 * Splits ids into IN lists of power-of-two length (the last id repeated as padding), so a batch of
 * any size reuses at most a dozen distinct SQL texts and their cached prepared statements.
 */
export function idChunks(ids: readonly string[]): string[][] {
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += MAX_IDS_PER_QUERY) {
    const chunk = ids.slice(start, start + MAX_IDS_PER_QUERY);
    let size = 1;
    while (size < chunk.length) size *= 2;
    const last = chunk[chunk.length - 1] as string;
    while (chunk.length < size) chunk.push(last);
    chunks.push(chunk);
  }
  return chunks;
}
