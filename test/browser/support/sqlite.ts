// One SQLite database per browser suite: the page talks HTTP only, and the API suites already loop
// over both database kinds.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../aggregator/src/config';
import { openStore } from '../../../aggregator/src/store';
import type { TestDatabase } from '../../support/databases';

export function sqliteDatabase(): TestDatabase & { cleanup(): void } {
  const dirs: string[] = [];
  const fresh = async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'fazhi-browser-db-'));
    dirs.push(dataDir);
    return { dataDir };
  };
  return {
    kind: 'sqlite',
    fresh,
    openStore: async (target) => openStore(target ?? (await fresh())),
    config: (target, overrides = {}) => ({ ...loadConfig({}), port: 0, logLevel: 'silent', ...target, ...overrides }),
    cleanup: () => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })),
  };
}
