import { Router } from 'express';
import type { ApiDeps } from '../../http/api-deps';

/**
 * Bulk import of employees and staff from XLSX/CSV (issue 16 part 1). `publicRoutes` come before
 * authentication: a set-password link is used by someone who cannot sign in yet.
 */
export function peopleImportRouter(_deps: ApiDeps): { routes: Router; publicRoutes: Router } {
  return { routes: Router(), publicRoutes: Router() };
}
