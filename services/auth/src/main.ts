import { runService } from '@shop/service';
import { loadAuthConfig } from './config.js';
import { startAuthService } from './service.js';

await runService('auth', loadAuthConfig(), startAuthService);
