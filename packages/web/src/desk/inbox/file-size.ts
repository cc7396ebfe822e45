/** How a file's size is written: in bytes, KB, MB or GB (of 1024, like the server's limit message). */
const units = [
  { unit: 'gigabyte', bytes: 1024 ** 3 },
  { unit: 'megabyte', bytes: 1024 ** 2 },
  { unit: 'kilobyte', bytes: 1024 },
] as const;

/** "812 bytes", "12 kB", "3.4 MB": a file's size as people read it, in their language. */
export function formatFileSize(sizeBytes: number, locale: string | undefined): string {
  const larger = units.find((entry) => sizeBytes >= entry.bytes);
  if (!larger)
    return new Intl.NumberFormat(locale, { style: 'unit', unit: 'byte', unitDisplay: 'long' }).format(
      sizeBytes,
    );
  const value = sizeBytes / larger.bytes;
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: larger.unit,
    maximumFractionDigits: value < 10 ? 1 : 0,
  }).format(value);
}
