import { runService } from '@shop/service';
import { loadAnalyticsConfig } from './config.js';
import { startAnalyticsService } from './service.js';

await runService('analytics', loadAnalyticsConfig(), startAnalyticsService);
