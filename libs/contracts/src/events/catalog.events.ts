import { z } from 'zod';
import { defineEvent } from '../define-event.js';
import { entityId, entityName, money } from '../dto.js';
import { serviceNameSchema } from '../service-names.js';

// Optional on read so events written before catalog counted versions still parse; catalog always sends it.
const rowVersion = z
  .int()
  .positive()
  .optional()
  .meta({
    description:
      'The row version catalog assigned in its database with this change (each change of the row bumps it). ' +
      'A replica keeps the version it applied and ignores an older or equal one.',
  });

export const productUpserted = defineEvent({
  type: 'product.upserted',
  version: 1,
  description:
    'A product was created or changed, or is replayed for catalog.resync-requested. It carries the ' +
    'whole current state, so a replica overwrites its row unless it already applied this version or a ' +
    'newer one (and likewise the category name, by category_version).',
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
    version: rowVersion,
    category_version: rowVersion,
  }),
});

export const productDeleted = defineEvent({
  type: 'product.deleted',
  version: 1,
  description:
    'A product was removed (soft delete): replicas stop offering it, history keeps its name. Its version ' +
    'is that of the removal, so a replica keeps it as a tombstone that an older product.upserted cannot undo.',
  producer: 'catalog',
  consumers: ['order', 'analytics'],
  data: z.strictObject({ product_id: entityId, version: rowVersion }),
});

export const categoryRenamed = defineEvent({
  type: 'category.renamed',
  version: 1,
  description: 'A category got a new name; replicas update the category name they copied.',
  producer: 'catalog',
  consumers: ['analytics', 'order'],
  data: z.strictObject({ category_id: entityId, name: entityName, version: rowVersion }),
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
