// One upload may carry thousands of files of one year: the reporting years they are checked
// against are read once per upload, not once per file (two queries per file before).
import type { ReportingYear, Store } from '../store';

/** The store, with getYear and listYears answered from what this upload already read. */
export function withYearsCached(store: Store): Store {
  const years = new Map<number, Promise<ReportingYear | undefined>>();
  let list: Promise<ReportingYear[]> | undefined;
  return {
    ...store,
    getYear(year) {
      let found = years.get(year);
      if (!found) years.set(year, (found = store.getYear(year)));
      return found;
    },
    listYears() {
      return (list ??= store.listYears());
    },
  };
}
