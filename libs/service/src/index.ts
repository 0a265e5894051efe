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
export { type DatabaseSettings, openServiceDatabase } from './service-database.js';
