import { z } from 'zod';

export const roles = ['customer', 'admin'] as const;
export type Role = (typeof roles)[number];

/** Audience of access tokens: every API behind the gateway. */
export const ACCESS_AUDIENCE = 'shop-api';
/** Audience of refresh tokens: only auth's refresh endpoint accepts them. */
export const REFRESH_AUDIENCE = 'shop-auth-refresh';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

const registered = {
  sub: z.string().regex(/^[1-9][0-9]*$/, 'a user id'),
  sid: z.uuid(),
  jti: z.uuid(),
  iss: z.string().min(1),
  iat: z.int(),
  exp: z.int(),
};

/** Claims of an access token (`typ: access`, audience shop-api). */
export const accessClaimsSchema = z.object({
  ...registered,
  typ: z.literal('access'),
  aud: z.literal(ACCESS_AUDIENCE),
  role: z.enum(roles),
});

/** Claims of a refresh token (`typ: refresh`, audience shop-auth-refresh). */
export const refreshClaimsSchema = z.object({
  ...registered,
  typ: z.literal('refresh'),
  aud: z.literal(REFRESH_AUDIENCE),
});

export type AccessClaims = z.infer<typeof accessClaimsSchema>;
export type RefreshClaims = z.infer<typeof refreshClaimsSchema>;

/** The caller as routes see it, once its access token is verified. */
export interface Principal {
  userId: number;
  role: Role;
  sessionId: string;
}

export function principalOf(claims: AccessClaims): Principal {
  return { userId: Number(claims.sub), role: claims.role, sessionId: claims.sid };
}
