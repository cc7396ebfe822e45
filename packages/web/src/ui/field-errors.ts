import { type RefObject, useEffect } from 'react';
import { ApiRequestError } from '../api/client.ts';

/**
 * The server's message about one field of a refused request (`body.email`, `query.userId`), to
 * show under that field; undefined when the error is not about it.
 */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiRequestError)) return undefined;
  return error.details.find((detail) => detail.field === field)?.message;
}

/**
 * The error for a form's own alert: none when the server only asked to fix fields the form
 * shows, as each message then sits under its field and a general "see details" would be noise.
 */
export function formLevelError(error: unknown, fields: readonly string[]): unknown {
  const onlyFields =
    error instanceof ApiRequestError &&
    error.code === 'invalid_request' &&
    error.details.length > 0 &&
    error.details.every((detail) => detail.field !== undefined && fields.includes(detail.field));
  return onlyFields ? undefined : error;
}

/** After a refused submit, takes keyboard and screen-reader users to the first field to fix. */
export function useFocusFirstInvalid(form: RefObject<HTMLElement | null>, error: unknown): void {
  useEffect(() => {
    if (!error) return;
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form, error]);
}
