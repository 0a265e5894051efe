import { runService } from '@shop/service';
import { loadCatalogConfig } from './config.js';
import { startCatalogService } from './service.js';

await runService('catalog', loadCatalogConfig(), startCatalogService);
