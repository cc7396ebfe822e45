/**
 * Progress for people on stderr, so stdout carries only the report (and, with --json, the
 * JSON line that tools read).
 */
export function progress(message: string): void {
  process.stderr.write(
    `${process.stderr.isTTY ? '\r\x1b[2K' : ''}${message}${process.stderr.isTTY ? '' : '\n'}`,
  );
}

export function progressDone(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}
