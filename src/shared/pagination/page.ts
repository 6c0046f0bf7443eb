// Keyset pagination, newest first: a page continues after the last row's (timestamp, id). The timestamp is
// PostgreSQL's own, to the microsecond: a JavaScript Date would round it to milliseconds and skip rows.
export interface Keyset {
  at: string;
  id: string;
}

export interface PageRequest {
  limit: number;
  after?: Keyset;
}

export interface Page<T> {
  items: T[];
  next: Keyset | null;
}

// A column as exact UTC text for a Keyset (`to_char` keeps the microseconds).
export const exactTimestamp = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// Repositories read limit + 1 rows: the extra one only tells whether there is a next page.
export function toPage<Row, Item>(rows: Row[], limit: number, keyOf: (row: Row) => Keyset, map: (row: Row) => Item): Page<Item> {
  const items = rows.slice(0, limit);
  return { items: items.map(map), next: rows.length > limit ? keyOf(items[items.length - 1]) : null };
}
