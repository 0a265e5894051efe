export { CHROMIUM_PATH, type HeadlessBrowser, launchHeadlessChromium } from './browser.js';
export { type RunningProcess, startTsProcess } from './child-process.js';
export { EventTap, type RawEvent, type TappedEvent, useEventTap } from './event-tap.js';
export { type Infrastructure, resolveInfrastructure } from './infrastructure.js';
export { callService, type ServiceRequest, type ServiceResponse } from './service-client.js';
export { type TestEnvironment, useTestEnvironment } from './test-environment.js';
export { type TestTokens, testTokens } from './test-tokens.js';
export { useStarted } from './use-started.js';
export { type WaitOptions, waitFor } from './wait-for.js';
