import { useCallback, useState } from 'react';

export interface Submission {
  /** Waiting for the server. */
  busy: boolean;
  /** What the server refused, until the next attempt succeeds. */
  error: unknown;
  /** The last attempt went through. */
  succeeded: boolean;
  /** Runs `work` (the request and what follows it), keeping busy, error and success up to date. */
  submit(work: () => Promise<void>): Promise<void>;
}

/** The state every form that sends something to the server keeps. */
export function useSubmission(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [succeeded, setSucceeded] = useState(false);
  const submit = useCallback(async (work: () => Promise<void>) => {
    setBusy(true);
    setSucceeded(false);
    try {
      await work();
      setError(undefined);
      setSucceeded(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, succeeded, submit };
}
