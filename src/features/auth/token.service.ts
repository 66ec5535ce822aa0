import { SignJWT, jwtVerify, errors } from 'jose';
import type { StaffLevel } from '../../db/database';
import type { Clock } from '../../shared/clock';

/** What an access token says: who, at which revocation version, with which level when issued. */
interface AccessClaims {
  staffId: string;
  version: number;
  level: StaffLevel;
}

export interface TokenService {
  sign(claims: AccessClaims): Promise<{ token: string; expiresAt: number }>;
  /** Undefined for anything not signed by us, expired, or malformed. */
  verify(token: string): Promise<AccessClaims | undefined>;
}

const ISSUER = 'wa-ticketing';

/** HS256 access tokens (jose). Revocation is the staff row's token_version, checked on every request. */
export function createTokenService(secret: string, ttlMinutes: number, clock: Clock): TokenService {
  const key = new TextEncoder().encode(secret);
  return {
    async sign(claims) {
      const now = Math.floor(clock.now() / 1000);
      const exp = now + ttlMinutes * 60;
      const token = await new SignJWT({ ver: claims.version, lvl: claims.level })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.staffId)
        .setIssuer(ISSUER)
        .setIssuedAt(now)
        .setExpirationTime(exp)
        .sign(key);
      return { token, expiresAt: exp * 1000 };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          currentDate: new Date(clock.now()),
        });
        if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number' || typeof payload.lvl !== 'string') return undefined;
        return { staffId: payload.sub, version: payload.ver, level: payload.lvl as StaffLevel };
      } catch (err) {
        if (err instanceof errors.JOSEError) return undefined;
        throw err;
      }
    },
  };
}
