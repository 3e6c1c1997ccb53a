/** Loads now and again every `intervalMs` while the component is shown; keeps the last good data. */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface Polled<T> {
  data: T | undefined;
  error: Error | undefined;
  updatedAt: number | undefined;
  refresh(): void;
}

export function usePolling<T>(load: () => Promise<T>, intervalMs: number, key = ''): Polled<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<Error>();
  const [updatedAt, setUpdatedAt] = useState<number>();
  const loadRef = useRef(load);
  loadRef.current = load;
  // Answers of an earlier key (or of an unmounted page) are dropped; a tick never overlaps a slow load.
  const epoch = useRef(0);
  const loading = useRef(false);

  const refresh = useCallback(() => {
    if (loading.current) return;
    loading.current = true;
    const mine = epoch.current;
    void loadRef.current().then((value) => {
      if (mine !== epoch.current) return;
      setData(value);
      setError(undefined);
      setUpdatedAt(Date.now());
    }, (failure: unknown) => {
      if (mine === epoch.current) setError(failure instanceof Error ? failure : new Error(String(failure)));
    }).finally(() => {
      loading.current = false;
    });
  }, []);

  useEffect(() => {
    setData(undefined);
    loading.current = false;
    refresh();
    const timer = window.setInterval(refresh, intervalMs);
    return () => {
      window.clearInterval(timer);
      epoch.current += 1;
    };
  }, [refresh, intervalMs, key]);

  return { data, error, updatedAt, refresh };
}
