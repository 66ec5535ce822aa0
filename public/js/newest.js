/**
 * Overlapping loads of one view (a filter changed while the last answer is still on its way, a poll
 * firing meanwhile): only the newest may draw. Each `begin()` aborts the request before it, so a slow
 * answer for old filters can never overwrite the answer for new ones.
 */
export function newestOnly() {
  let current = null;
  return {
    /** Starts a load; pass `.signal` to `api()`. */
    begin() {
      current?.abort();
      current = new AbortController();
      return current;
    },
    /** Whether `load` (from `begin()`) is still the newest: only it may touch the page. An aborted load never is. */
    isNewest: (load) => load === current,
    /** Leaving the page: the load under way is aborted and nothing draws any more. */
    stop() {
      current?.abort();
      current = null;
    },
  };
}
