import { type InstallationKey, type Installations, installationKey, type StoredInstallation } from './installations.js';

/**
 * Installations in this process's memory: for tests, and for a Wattson without a database
 * store for them yet. Lost at restart, and not shared between replicas, so a workspace has to
 * install again after either; the database store (SQLite, Postgres) is the one to run with.
 */
export function memoryInstallations(): Installations & { readonly size: number } {
  const byKey = new Map<string, StoredInstallation>();
  return {
    async save(installation) {
      byKey.set(installationKey(installation), { ...installation, scopes: [...installation.scopes] });
    },
    async find(key: InstallationKey) {
      const found = byKey.get(installationKey(key));
      return found && { ...found, scopes: [...found.scopes] };
    },
    async remove(key: InstallationKey) {
      return byKey.delete(installationKey(key));
    },
    get size() {
      return byKey.size;
    },
  };
}
