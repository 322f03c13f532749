import { useEffect, useState, type DependencyList } from 'react';

/** Runs `load` whenever `deps` change; the answer of a superseded call is dropped. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): { data: T | null; error: Error | null } {
  const [state, setState] = useState<{ data: T | null; error: Error | null }>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    setState({ data: null, error: null });
    load().then(
      (data) => current && setState({ data, error: null }),
      (error: Error) => current && setState({ data: null, error }),
    );
    return () => {
      current = false;
    };
    // The caller lists in `deps` what `load` reads.
  }, deps);
  return state;
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="muted">
      Loading {what}…
    </p>
  );
}

export function Problem({ error }: { error: Error }) {
  return (
    <p role="alert" className="error">
      Could not load this report: {error.message}
    </p>
  );
}
