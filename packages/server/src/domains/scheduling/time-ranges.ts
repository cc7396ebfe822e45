/**
 * Half-open time ranges [start, end) in epoch milliseconds, and the two operations free time
 * needs: joining ranges that touch, and taking busy ranges out of working ones.
 */
export interface TimeRange {
  start: number;
  end: number;
}

/** Sorted, with overlapping and touching ranges joined. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = ranges.filter((range) => range.end > range.start).sort((a, b) => a.start - b.start);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}

/** What is left of `ranges` once every part covered by `busy` is taken out. */
export function subtractRanges(ranges: readonly TimeRange[], busy: readonly TimeRange[]): TimeRange[] {
  const taken = mergeRanges(busy);
  const left: TimeRange[] = [];
  for (const range of mergeRanges(ranges)) {
    let start = range.start;
    for (const block of taken) {
      if (block.end <= start) continue;
      if (block.start >= range.end) break;
      if (block.start > start) left.push({ start, end: block.start });
      start = Math.max(start, block.end);
      if (start >= range.end) break;
    }
    if (start < range.end) left.push({ start, end: range.end });
  }
  return left;
}

/** A tstzrange literal, half-open as every range here is. */
export function timeRangeLiteral(start: Date, end: Date): string {
  return `[${start.toISOString()},${end.toISOString()})`;
}
