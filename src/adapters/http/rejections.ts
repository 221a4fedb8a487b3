/**
 * Rejected requests are logged, but a flood of forged requests must not become a flood of log
 * lines: at most one line a second per status, carrying the count of those not logged.
 */
export function rejectionLog(warn: (line: string) => void, now: () => number = Date.now): (status: number, reason: string) => void {
  const last = new Map<number, { at: number; quiet: number }>();
  return (status, reason) => {
    const t = now();
    const entry = last.get(status);
    if (entry && t - entry.at < 1000) {
      entry.quiet += 1;
      return;
    }
    const more = entry?.quiet ? ` (and ${entry.quiet} more with status ${status} in the last second)` : '';
    last.set(status, { at: t, quiet: 0 });
    warn(`${status < 300 ? 'Answered and did not dispatch' : 'Rejected'} a request with ${status}: ${reason}${more}`);
  };
}
