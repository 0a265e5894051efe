import { z } from '@hono/zod-openapi';
import { roles } from '@shop/identity';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_BYTES } from '../users/passwords.js';

const utf8Bytes = (value: string) => Buffer.byteLength(value, 'utf8');

const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email())
  .openapi({ type: 'string', format: 'email', example: 'ada@example.com' });

// Bytes, not characters: bcrypt reads at most 72 bytes, and a longer password is refused, not cut.
const newPassword = z
  .string()
  .refine((value) => utf8Bytes(value) >= MIN_PASSWORD_BYTES, `must be at least ${MIN_PASSWORD_BYTES} bytes`)
  .refine(
    (value) => utf8Bytes(value) <= MAX_PASSWORD_BYTES,
    `must be at most ${MAX_PASSWORD_BYTES} bytes (UTF-8)`,
  )
  .openapi({ format: 'password', description: '8 to 72 bytes of UTF-8', example: 'correct horse battery' });

const anyPassword = z
  .string()
  .min(1)
  .refine(
    (value) => utf8Bytes(value) <= MAX_PASSWORD_BYTES,
    `must be at most ${MAX_PASSWORD_BYTES} bytes (UTF-8)`,
  )
  .openapi({ format: 'password' });

const fullName = z.string().trim().min(1).max(200).openapi({ example: 'Ada Lovelace' });

export const registerBody = z
  .strictObject({ email, password: newPassword, full_name: fullName })
  .openapi('RegisterUser');

export const loginBody = z
  .strictObject({ email: z.string().trim().min(1).max(254), password: anyPassword })
  .openapi('Credentials');

export const refreshBody = z.strictObject({ refresh_token: z.string().min(1) }).openapi('RefreshRequest');

export const updateBody = z
  .strictObject({
    email: email.optional(),
    full_name: fullName.optional(),
    password: newPassword.optional(),
    current_password: anyPassword.optional(),
  })
  .superRefine(function requireProofForSensitiveChanges(body, ctx) {
    if (body.email === undefined && body.full_name === undefined && body.password === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Give at least one of email, full_name, password' });
    }
    if ((body.email !== undefined || body.password !== undefined) && body.current_password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['current_password'],
        message: 'Required to change the email or the password',
      });
    }
  })
  .openapi('UpdateUser');

export const deleteBody = z
  .strictObject({
    current_password: anyPassword.openapi({ description: 'The account password, proving it is you' }),
  })
  .openapi('DeleteUser');

export const roleBody = z
  .strictObject({ user_id: z.int().positive(), role: z.enum(roles) })
  .openapi('ChangeRole');

export const userSearchQuery = z.strictObject({
  email: z.string().trim().min(1).max(254).openapi({
    description: 'The whole email, compared case-insensitively (no substring search)',
    example: 'ada@example.com',
  }),
});

export const userSchema = z
  .object({
    id: z.int().positive(),
    email: z.string(),
    full_name: z.string(),
    role: z.enum(roles),
    created_at: z.iso.datetime({ offset: true }),
  })
  .openapi('User');

export const userListSchema = z
  .object({
    items: z.array(userSchema),
    next_cursor: z
      .null()
      .openapi({ description: 'Always null: an email belongs to one active user at most' }),
  })
  .openapi('UserList');

export const tokenPairSchema = z
  .object({
    access_token: z.string(),
    refresh_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.int().openapi({ description: 'Seconds the access token lives', example: 900 }),
  })
  .openapi('TokenPair');

/** A small acknowledgement body such as {"status": "deleted"}. */
export function statusSchema<const T extends string>(status: T) {
  return z.object({ status: z.literal(status) });
}
