// Preloaded into one extra run of each start-up case: reports the process's peak resident set
// size (KiB) on fd 3 as it exits, so the bench shows memory without timing that run.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // Not started by the bench (no fd 3): nothing to report.
  }
});
