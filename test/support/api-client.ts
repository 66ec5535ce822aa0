import type request from 'supertest';
import type { StaffLevel } from '../../src/db/database';
import { createStaff } from './factories';
import type { TestApp } from './test-app';

export interface SignedIn {
  token: string;
  staff: Awaited<ReturnType<typeof createStaff>>;
  /** Requests carrying this staff member's bearer token. */
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  put(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

/**
 * A new active staff member of `level` with a token signed by the app's own token service,
 * so tests of other routes do not depend on the login route.
 */
export async function signedIn(app: TestApp, level: StaffLevel, overrides: Parameters<typeof createStaff>[1] = {}): Promise<SignedIn> {
  const staff = await createStaff(app.db, { level, ...overrides });
  const { token } = await app.services.tokens.sign({ staffId: staff.id, version: 0, level });
  const auth = (t: request.Test) => t.set('authorization', `Bearer ${token}`);
  return {
    token,
    staff,
    get: (p) => auth(app.http.get(p)),
    post: (p, b) => auth(app.http.post(p)).send(b ?? {}),
    patch: (p, b) => auth(app.http.patch(p)).send(b ?? {}),
    put: (p, b) => auth(app.http.put(p)).send(b ?? {}),
    delete: (p) => auth(app.http.delete(p)),
  };
}
