export { AccessTokenVerifier, keysOf, type RevocationCheck } from './access-token-verifier.js';
export {
  ACCESS_AUDIENCE,
  ACCESS_TOKEN_TTL_SECONDS,
  type AccessClaims,
  accessClaimsSchema,
  type Principal,
  principalOf,
  REFRESH_AUDIENCE,
  REFRESH_TOKEN_TTL_SECONDS,
  type RefreshClaims,
  type Role,
  refreshClaimsSchema,
  roles,
} from './claims.js';
export { JwksKeyStore, type JwksKeyStoreOptions } from './jwks-key-store.js';
export { type KeyLookup, TokenSigner, verifyJwt } from './jwt.js';
export { authenticate, bearerToken, currentUser, requireUser } from './middleware.js';
