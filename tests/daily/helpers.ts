import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDaily, type Daily, type DailyOptions } from '../../src/daily/index.js';
import type { Runtime } from '../../src/dispatch/execute.js';
import { createRuntime, withServices } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';

/** A fresh directory per test file, removed at the end. */
export function tmpDirs(prefix = 'wattson-daily-') {
  const made: string[] = [];
  return {
    make(): string {
      const d = mkdtempSync(join(tmpdir(), prefix));
      made.push(d);
      return d;
    },
    cleanup(): void {
      for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
    },
  };
}

/** A clock the test moves by hand. */
export function manualClock(iso: string) {
  let now = Date.parse(iso);
  const clock = () => now;
  return Object.assign(clock, {
    set(t: string | number) {
      now = typeof t === 'number' ? t : Date.parse(t);
    },
    advance(ms: number) {
      now += ms;
    },
  });
}

export const baseRuntime = createRuntime({ log: silentLogger() });

/** The daily machinery plus a runtime whose context offers its service to /daily. */
export function dailyWorld(path: string, clock: () => number, opts: Partial<DailyOptions> = {}): { daily: Daily; rt: Runtime } {
  const daily = createDaily({ path, rt: baseRuntime, clock, poster: { backoffBaseMs: 5, backoffMaxMs: 20, deliverTimeoutMs: 500 }, ...opts });
  return { daily, rt: withServices(baseRuntime, { daily: daily.service }) };
}
