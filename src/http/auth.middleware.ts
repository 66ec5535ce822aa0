import type { RequestHandler } from 'express';
import type { Db } from '../db/create-db';
import type { StaffLevel } from '../db/database';
import { AppError } from '../errors';
import type { TokenService } from '../features/auth/token.service';
import { findSessionHolder } from '../features/staff/staff.repository';

/** The signed-in staff member, as every /api handler sees it. */
export interface AuthContext {
  staffId: string;
  name: string;
  level: StaffLevel;
  username: string;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: AuthContext;
    }
  }
}

/**
 * Requires `Authorization: Bearer <token>`. The staff row is read on every request so a
 * deactivation, logout or password change (each bumps token_version) takes effect at once.
 */
export function authenticate(db: Db, tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new AppError('UNAUTHORIZED', 'sign in first'));
    const claims = await tokens.verify(match[1]!);
    if (!claims) return next(new AppError('UNAUTHORIZED', 'token invalid or expired'));
    const staff = await findSessionHolder(db.kysely, claims.staffId);
    if (!staff || !staff.active || staff.tokenVersion !== claims.version) {
      return next(new AppError('UNAUTHORIZED', 'token revoked'));
    }
    req.auth = { staffId: staff.id, name: staff.name, level: staff.level, username: staff.username };
    next();
  };
}

/** Lets only these levels through; must come after `authenticate`. */
export function requireLevel(...levels: StaffLevel[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.auth) return next(new AppError('UNAUTHORIZED', 'sign in first'));
    if (!levels.includes(req.auth.level)) return next(new AppError('FORBIDDEN', `requires ${levels.join(' or ')}`));
    next();
  };
}

/** The signed-in staff member; for handlers mounted behind `authenticate`. */
export function authOf(req: { auth?: AuthContext }): AuthContext {
  if (!req.auth) throw new AppError('UNAUTHORIZED', 'sign in first');
  return req.auth;
}
