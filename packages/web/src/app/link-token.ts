/**
 * The one-time token of an emailed link (`/reset-password#token=...`). It travels after `#`, so
 * browsers never send it to a server, nor to another site in the Referer header.
 */
export function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')?.trim();
  return token ? token : undefined;
}
