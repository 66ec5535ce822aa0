import type request from 'supertest';
import type { StaffLevel } from '../../src/db/database';
import { hashPassword } from '../../src/features/auth/password';
import { createStaff } from './factories';
import type { TestApp } from './test-app';

let ipSeq = 0;

/**
 * A new client address for the login limiter. The app trusts X-Forwarded-For from loopback,
 * so each test can stand behind its own IP and not spend another test's per-IP allowance.
 */
export function freshIp(): string {
  ipSeq += 1;
  return `10.${(ipSeq >> 16) & 255}.${(ipSeq >> 8) & 255}.${ipSeq & 255}`;
}

/** A staff member (factory defaults) whose password is really hashed with argon2id. */
export async function createStaffWithPassword(app: TestApp, o: Parameters<typeof createStaff>[1] & { password?: string } = {}) {
  const { password = 'correct horse battery', ...rest } = o;
  const staff = await createStaff(app.db, rest);
  await app.db.kysely
    .updateTable('staff')
    .set({ password_hash: await hashPassword(password) })
    .where('id', '=', staff.id)
    .execute();
  return { ...staff, password };
}

/** POST /api/auth/login from `ip` (a fresh one unless given). */
export function login(app: TestApp, username: string, password: string, ip = freshIp()): request.Test {
  return app.http.post('/api/auth/login').set('x-forwarded-for', ip).send({ username, password });
}

export interface LoggedIn {
  token: string;
  staff: Awaited<ReturnType<typeof createStaffWithPassword>>;
  get(path: string): request.Test;
  post(path: string, body?: object): request.Test;
  patch(path: string, body?: object): request.Test;
  delete(path: string): request.Test;
}

/** A new staff member of `level` signed in through POST /api/auth/login. */
export async function loggedIn(app: TestApp, level: StaffLevel, o: Parameters<typeof createStaffWithPassword>[1] = {}): Promise<LoggedIn> {
  const staff = await createStaffWithPassword(app, { level, ...o });
  const res = await login(app, staff.username, staff.password);
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`);
  const token = res.body.token as string;
  const auth = (t: request.Test) => t.set('authorization', `Bearer ${token}`);
  return {
    token,
    staff,
    get: (p) => auth(app.http.get(p)),
    post: (p, b) => auth(app.http.post(p)).send(b ?? {}),
    patch: (p, b) => auth(app.http.patch(p)).send(b ?? {}),
    delete: (p) => auth(app.http.delete(p)),
  };
}

/** The audit rows of one entity, oldest first, JSON parsed. */
export async function auditRowsOf(app: TestApp, entity: string, entityId: string) {
  const rows = await app.db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('entity', '=', entity)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, before: r.before_json && JSON.parse(r.before_json), after: r.after_json && JSON.parse(r.after_json) }));
}
