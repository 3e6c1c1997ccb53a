/** Hash routing (`#/tasks/123`): works at /, at /admin/ and behind any proxy path, with no server fallback. */
import { useEffect, useState } from 'react';

export const PAGES = ['dashboard', 'accounts', 'tasks', 'console', 'settings'] as const;
export type PageName = (typeof PAGES)[number];

export interface Route {
  page: PageName;
  /** The part after the page: a task id on `#/tasks/<id>`. */
  param: string;
}

function parse(hash: string): Route {
  const [page = '', ...rest] = hash.replace(/^#\/?/, '').split('/');
  const known = (PAGES as readonly string[]).includes(page) ? (page as PageName) : 'dashboard';
  return { page: known, param: decodeURIComponent(rest.join('/')) };
}

export const hrefOf = (page: PageName, param = ''): string => `#/${page}${param ? `/${encodeURIComponent(param)}` : ''}`;

export function navigate(page: PageName, param = ''): void {
  window.location.hash = hrefOf(page, param);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
