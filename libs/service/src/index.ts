export { type DeadLetterRoutesOptions, deadLetterRoutes } from './dead-letters/dead-letter.routes.js';
export {
  deadLetterIdParam,
  deadLetterListQuery,
  deadLetterPageSchema,
  deadLetterSchema,
  replayedSchema,
} from './dead-letters/dead-letter.schemas.js';
export { decodeDeadLetterCursor, encodeDeadLetterCursor } from './dead-letters/dead-letter-cursor.js';
export { type DeadLetterJson, listDeadLetterPage } from './dead-letters/list-dead-letters.js';
export {
  fixedRevocations,
  type RevocationWatch,
  type RevocationWatchOptions,
  startRevocationWatch,
} from './revocations/revocation-watch.js';
export { runService } from './run-service.js';
export type { MessagingOptions, ServiceDeps, ServiceKit } from './service-kit.js';
export {
  type ComposedService,
  type RunningService,
  type ServiceSetup,
  serviceLogger,
  startService,
} from './start-service.js';
export { type TokenSettings, type TokenVerification, tokenSettingsShape } from './token-verification.js';
