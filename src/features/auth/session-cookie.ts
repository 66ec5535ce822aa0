import type { Request, Response } from 'express';

/** The dashboard's session cookie: the same signed token the API answers, never readable by page scripts. */
const SESSION_COOKIE = 'wa_ticketing_session';

/**
 * The header a dashboard request carries to prove it was sent by our own page script: a
 * cross-site form cannot set a header, and a cross-origin fetch that sets one needs a CORS
 * preflight this API never grants with credentials.
 */
export const SAME_ORIGIN_HEADER = 'x-requested-with';
export const SAME_ORIGIN_VALUE = 'wa-ticketing';

/**
 * Sets the cookie for `token` until `expiresAt` (epoch ms). Secure when the request came over
 * https (directly or through the trusted loopback proxy): a campus server on plain HTTP on its
 * LAN address must still be able to sign in.
 */
export function setSessionCookie(req: Request, res: Response, token: string, expiresAt: number, now: number): void {
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: req.secure,
    path: '/',
    maxAge: Math.max(0, expiresAt - now),
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** The token in the request's session cookie, if any (no cookie-parser: one name is read). */
export function sessionCookieOf(req: Request): string | undefined {
  const header = req.get('cookie');
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return value ? decodeURIComponent(value) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
