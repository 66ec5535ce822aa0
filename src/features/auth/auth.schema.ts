import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';
import { newPasswordField, staffSchema } from '../staff/staff.schema';

/** POST /api/auth/login. Lengths are loose on purpose: a login must not say what a valid username looks like. */
export const loginBody = z
  .strictObject({
    username: z.string().trim().min(1).max(128),
    password: z.string().min(1).max(1024).openapi({ format: 'password' }),
  })
  .openapi('LoginRequest');

/** A signed access token and who it belongs to. */
export const sessionSchema = z
  .object({
    token: z.string().openapi({ description: 'Send as `Authorization: Bearer <token>`.' }),
    tokenType: z.literal('Bearer'),
    expiresAt: isoTime,
    staff: staffSchema,
  })
  .openapi('Session');

/** POST /api/auth/password */
export const passwordChangeBody = z
  .strictObject({
    currentPassword: z.string().min(1).max(1024).openapi({ format: 'password' }),
    newPassword: newPasswordField,
  })
  .refine((b) => b.newPassword !== b.currentPassword, { path: ['newPassword'], message: 'must differ from currentPassword' })
  .openapi('PasswordChange');
