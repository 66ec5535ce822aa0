// Jest globalTeardown: stop the private MariaDB that global-setup started, if any.
import type { MariaDbServer } from './mariadb-server';
import { SERVER_HANDLE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const store = globalThis as Record<string, unknown>;
  const server = store[SERVER_HANDLE] as MariaDbServer | undefined;
  if (!server) return;
  delete store[SERVER_HANDLE];
  // Watch mode reruns globalSetup in this process; it must not trust a URL of a stopped server.
  if (process.env.TEST_MYSQL_URL === server.url) delete process.env.TEST_MYSQL_URL;
  await server.stop();
}
