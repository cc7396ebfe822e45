/** What a benchmark measured: a table for people and the same figures for tools. */
export interface BenchmarkReport {
  benchmark: string;
  title: string;
  /** Facts about the setting (database, machine), printed above the table. */
  setting: Record<string, string | number>;
  columns: string[];
  rows: (string | number)[][];
  /** The figures as one flat object (what `--json` prints). */
  figures: Record<string, number | string | null>;
  notes?: string[];
}

function cell(value: string | number): string {
  return typeof value === 'number' ? value.toLocaleString('en-US', { maximumFractionDigits: 2 }) : value;
}

/** Prints the report as an aligned text table. */
export function formatReport(report: BenchmarkReport): string {
  const cells = [report.columns, ...report.rows.map((row) => row.map(cell))];
  const widths = report.columns.map((_, index) =>
    Math.max(...cells.map((row) => String(row[index] ?? '').length)),
  );
  const line = (row: (string | number)[]) =>
    row
      .map((value, index) =>
        index === 0 ? String(value).padEnd(widths[index]!) : String(value).padStart(widths[index]!),
      )
      .join('  ');
  const setting = Object.entries(report.setting).map(([key, value]) => `  ${key}: ${value}`);
  return [
    `${report.title}`,
    ...setting,
    '',
    line(cells[0]!),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.slice(1).map(line),
    ...(report.notes?.length ? ['', ...report.notes.map((note) => `note: ${note}`)] : []),
  ].join('\n');
}
