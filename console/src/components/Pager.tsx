import { useState } from 'react';

/** Cursor paging over a connection: the cursors of the pages before this one, so going back is
 * popping one (the API pages forward only). */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    /** The `after` of the page shown. */
    after: cursors[cursors.length - 1],
    /** 1 for the first page. */
    page: cursors.length,
    back: () => setCursors((c) => c.slice(0, -1)),
    forward: (endCursor: string | null) => setCursors((c) => [...c, endCursor]),
    /** Back to the first page (a new search or filter). */
    reset: () => setCursors([null]),
  };
}

export type CursorPages = ReturnType<typeof useCursorPages>;

/** The buttons under a paged table, in a navigation landmark named for what it pages. */
export function Pager(props: {
  label: string;
  pages: CursorPages;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  backLabel: string;
  forwardLabel: string;
}) {
  const { label, pages, pageInfo, backLabel, forwardLabel } = props;
  return (
    <nav aria-label={label} className="pager">
      <button type="button" className="secondary" disabled={pages.page === 1} onClick={pages.back}>
        {backLabel}
      </button>
      <span>Page {pages.page}</span>
      <button type="button" className="secondary" disabled={!pageInfo.hasNextPage} onClick={() => pages.forward(pageInfo.endCursor ?? null)}>
        {forwardLabel}
      </button>
    </nav>
  );
}
