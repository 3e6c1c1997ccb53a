/** Display helpers shared by the pages. */
export function formatTime(epochMs: number | null | undefined): string {
  return epochMs ? new Date(epochMs).toLocaleString() : '—';
}

/** "31%" → 31; anything unreadable → 0. */
export function percentOf(progress: string): number {
  const value = Number.parseFloat(progress);
  return Number.isFinite(value) ? Math.max(0, Math.min(100, value)) : 0;
}

/** The message of anything thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
