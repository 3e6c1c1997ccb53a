/** Messages in the page: errors are alerts (read out at once), the rest polite status lines. */
import type { ReactNode } from 'react';

export function ErrorNotice({ error }: { error: unknown }) {
  if (error === undefined || error === null || error === '') return null;
  const text = error instanceof Error ? error.message : String(error);
  return <p className="notice error" role="alert">{text}</p>;
}

export function InfoNotice({ children }: { children: ReactNode }) {
  return <p className="notice info" role="status">{children}</p>;
}
