/** A Spring Data page: the shape Plus admin clients read from the admin queries. */
export interface SpringPage<T> {
  content: T[];
  totalElements: number;
  totalPages: number;
  /** This page, 0-based. */
  number: number;
  size: number;
  first: boolean;
  last: boolean;
  empty: boolean;
}

/** Page `number` (0-based) of `size` items, of `total` in all. */
export function springPage<T>(content: T[], total: number, number: number, size: number): SpringPage<T> {
  const totalPages = Math.ceil(total / size);
  return { content, totalElements: total, totalPages, number, size, first: number === 0, last: number >= totalPages - 1, empty: content.length === 0 };
}
