import type { Request, RequestHandler } from 'express';
import type { Db } from '../db/create-db';
import type { StaffLevel } from '../db/database';
import { AppError } from '../errors';
import { SAME_ORIGIN_HEADER, SAME_ORIGIN_VALUE, sessionCookieOf } from '../features/auth/session-cookie';
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
 * How a request proves who sent it: `Authorization: Bearer <token>` (API clients, scripts, the
 * tests) or the dashboard's session cookie holding the same signed token.
 *
 * Why a cookie for the dashboard: the token used to live in sessionStorage, one tab's storage,
 * so a ticket opened with Ctrl+click in a new tab asked to sign in again. localStorage would be
 * shared by the tabs but readable by any script that ever runs in the page, so one XSS hole
 * would carry the token off to be used from anywhere until it expires. The cookie is
 * - HttpOnly: page scripts never see it (the dashboard no longer keeps the token at all; the
 *   CSP already forbids inline and foreign scripts), so an XSS can act only while the page is
 *   open, and cannot take the session away;
 * - SameSite=Strict: the browser sends it only on requests started from our own site, so a
 *   link or form on another site arrives without a session;
 * - Path=/ so every tab and the media URLs get it; Secure when the request came over https
 *   (req.secure, with the loopback proxy trusted in app.ts), left off on a plain-HTTP LAN
 *   address where a Secure cookie would never come back;
 * - bounded by the token's own expiry, and revoked like any token: logout, a password change
 *   or a deactivation bumps token_version, which is checked on every request.
 * Same-site is not same-origin (another host under the campus domain is "same site"), so a
 * cookie-authenticated write must also carry the same-origin proof: `X-Requested-With:
 * wa-ticketing`, a header a cross-site form cannot send and a cross-origin script could send only
 * after a CORS preflight this API never grants with credentials; and when the browser says where
 * the request came from (`Sec-Fetch-Site`, which scripts cannot set) it must be our own origin.
 * The Origin header is not compared with Host because a reverse proxy that rewrites Host would
 * then lock the desk out. Reads (GET, HEAD) need no proof: they change nothing, and CORS keeps
 * their answers from other origins. A Bearer header, when present, is the only credential read.
 */
export function authenticate(db: Db, tokens: TokenService): RequestHandler {
  return async (req, _res, next) => {
    const header = req.get('authorization');
    let token: string | undefined;
    if (header) {
      token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
      if (!token) return next(new AppError('UNAUTHORIZED', 'sign in first'));
    } else {
      token = sessionCookieOf(req);
      if (!token) return next(new AppError('UNAUTHORIZED', 'sign in first'));
      if (!SAFE_METHODS.has(req.method) && !sameOriginProof(req)) {
        return next(
          new AppError('FORBIDDEN', `a write signed in by cookie needs the ${SAME_ORIGIN_HEADER} header from the dashboard`, {
            reason: 'SAME_ORIGIN_REQUIRED',
          }),
        );
      }
    }
    const claims = await tokens.verify(token);
    if (!claims) return next(new AppError('UNAUTHORIZED', 'token invalid or expired'));
    const staff = await findSessionHolder(db.kysely, claims.staffId);
    if (!staff || !staff.active || staff.tokenVersion !== claims.version) {
      return next(new AppError('UNAUTHORIZED', 'token revoked'));
    }
    req.auth = { staffId: staff.id, name: staff.name, level: staff.level, username: staff.username };
    next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOriginProof(req: Request): boolean {
  if (req.get(SAME_ORIGIN_HEADER) !== SAME_ORIGIN_VALUE) return false;
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin';
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
