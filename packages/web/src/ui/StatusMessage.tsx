import { Alert, Box } from '@mantine/core';

/**
 * The outcome of the last action ("Invitation sent"), in a live region that is always on the
 * page, so screen readers announce each new message (a region added with its text may be missed).
 */
export function StatusMessage({ message }: { message: string | undefined }) {
  return (
    <Box role="status" aria-live="polite">
      {message && (
        <Alert color="green" variant="light">
          {message}
        </Alert>
      )}
    </Box>
  );
}
