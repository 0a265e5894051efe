import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityId, entityName, money } from '../dto.js';
import { serviceNameSchema } from '../service-names.js';

export const productUpserted = defineEvent({
  type: 'product.upserted',
  version: 1,
  description:
    'A product was created or changed, or is replayed for catalog.resync-requested. It carries the ' +
    'whole current state, so a replica simply overwrites its row.',
  producer: 'catalog',
  consumers: ['order', 'analytics'],
  data: z.strictObject({
    product_id: entityId,
    name: entityName,
    price: money,
    cost: money,
    category_id: entityId,
    category_name: entityName,
    active: z.boolean(),
  }),
});

export const productDeleted = defineEvent({
  type: 'product.deleted',
  version: 1,
  description: 'A product was removed (soft delete): replicas stop offering it, history keeps its name.',
  producer: 'catalog',
  consumers: ['order', 'analytics'],
  data: z.strictObject({ product_id: entityId }),
});

export const categoryRenamed = defineEvent({
  type: 'category.renamed',
  version: 1,
  description: 'A category got a new name; replicas update the category name they copied.',
  producer: 'catalog',
  consumers: ['analytics', 'order'],
  data: z.strictObject({ category_id: entityId, name: entityName }),
});

export const catalogResyncRequested = defineEvent({
  type: 'catalog.resync-requested',
  version: 1,
  description:
    'A catalog replica is empty (order or analytics); catalog answers by publishing product.upserted ' +
    'for every product.',
  producer: 'order',
  alsoProducedBy: ['analytics'],
  consumers: ['catalog'],
  data: z.strictObject({ requested_by: serviceNameSchema.optional() }),
});
