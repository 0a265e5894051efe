import { runService } from '@shop/service';
import { loadOrderConfig } from './config.js';
import { startOrderService } from './service.js';

await runService('order', loadOrderConfig(), startOrderService);
