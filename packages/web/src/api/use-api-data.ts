import { useCallback, useEffect, useState } from 'react';
import { callApi } from './client.ts';

export interface ApiData<T> {
  data: T | undefined;
  error: unknown;
  /** Asks the server again, keeping what is shown until the answer arrives. */
  reload(): void;
}

/** Reads `path` from the API when the page opens, and again on `reload()`; nothing while it is undefined. */
export function useApiData<T>(path: string | undefined): ApiData<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` is how reload() asks again.
  useEffect(() => {
    if (!path) return;
    let current = true;
    callApi<T>('GET', path).then(
      (answer) => {
        if (!current) return;
        setData(answer);
        setError(undefined);
      },
      (caught) => {
        if (current) setError(caught);
      },
    );
    // An answer for a page that was left, or for an older request, must not overwrite a newer one.
    return () => {
      current = false;
    };
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, reload };
}
