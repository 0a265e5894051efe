import { runService } from '@shop/service';
import { loadGatewayConfig } from './config.js';
import { startGatewayService } from './gateway.js';

const { service, logger } = await runService('gateway', loadGatewayConfig(), startGatewayService);
logger.info(`API reference: http://localhost:${service.port}/docs`);
