import { ApiRequestError } from '../../api/client.ts';

/**
 * The server's message about a field or anything inside it (`body.languages` for
 * `body.languages.1`), to show under the input that holds a list.
 */
export function errorWithin(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiRequestError)) return undefined;
  return error.details.find((detail) => detail.field === field || detail.field?.startsWith(`${field}.`))
    ?.message;
}

/** Whether the server objected only to fields under these prefixes (their inputs show why). */
export function onlyAbout(error: unknown, prefixes: readonly string[]): boolean {
  return (
    error instanceof ApiRequestError &&
    error.code === 'invalid_request' &&
    error.details.length > 0 &&
    error.details.every((detail) =>
      prefixes.some((prefix) => detail.field === prefix || detail.field?.startsWith(`${prefix}.`)),
    )
  );
}
