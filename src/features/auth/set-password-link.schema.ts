import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';
import { newPasswordField } from '../staff/staff.schema';

const tokenField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{20,128}$/, 'not a set-password link token')
  .openapi({ description: 'The last part of the link (#/sandi/<token>).' });

export const setPasswordTokenParams = z.object({ token: tokenField });

/** POST /api/auth/set-password */
export const setPasswordBody = z.strictObject({ token: tokenField, password: newPasswordField }).openapi('SetPasswordWithLink');

export const setPasswordLinkInfoSchema = z
  .object({ name: z.string(), username: z.string(), expiresAt: isoTime })
  .openapi('SetPasswordLinkInfo');
