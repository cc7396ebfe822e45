import { Alert } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { ApiRequestError } from '../api/client.ts';

/** Explains why a form did not go through, in the server's own words where it gave some. */
export function FormError({ error, title }: { error: unknown; title: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message =
    error instanceof ApiRequestError && error.code !== 'unreachable'
      ? error.message
      : t('common.networkError');
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {message}
    </Alert>
  );
}
