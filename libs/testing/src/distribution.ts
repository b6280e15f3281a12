/** The p-th percentile (0–100) of ascending values, nearest-rank; 0 for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, median, p99 and maximum of a set of measurements (e.g. lateness in ms), to one decimal. */
export function distributionOf(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const oneDecimal = (value: number) => Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50: oneDecimal(percentile(sorted, 50)),
    p99: oneDecimal(percentile(sorted, 99)),
    max: oneDecimal(sorted.at(-1) ?? 0),
  };
}
