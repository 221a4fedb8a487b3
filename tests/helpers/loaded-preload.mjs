// Preloaded into a child process by tests/dispatch/lazy-libraries.test.ts: on exit, lists on
// fd 3 the CommonJS modules the process loaded, so a test can tell which libraries a run needed.
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify(Object.keys(require.cache)));
  } catch {
    // Not started by the test (no fd 3).
  }
});
