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

// A product's whole current state as catalog announces it, alone or among many.
const upsertedProduct = z.strictObject({
  product_id: entityId,
  name: entityName,
  price: money,
  cost: money,
  category_id: entityId,
  category_name: entityName,
  active: z.boolean(),
  version: rowVersion,
  category_version: rowVersion,
});

export const productUpserted = defineEvent({
  type: 'product.upserted',
  version: 1,
  description:
    'A product was created or changed. It carries the ' +
    'whole current state, so a replica overwrites its row unless it already applied this version or a ' +
    'newer one (and likewise the category name, by category_version). Many products written at once ' +
    '(an import, a resync) come as products.upserted instead.',
  producer: 'catalog',
  consumers: ['order', 'analytics'],
  data: upsertedProduct,
});

/** The most products one products.upserted carries: a message stays far below the broker's frame limits. */
export const MAX_PRODUCTS_PER_EVENT = 1000;

export const productsUpserted = defineEvent({
  type: 'products.upserted',
  version: 1,
  description:
    'Many products were created or changed at once: a chunk of a bulk import, or part of the replay for ' +
    'catalog.resync-requested. Each entry is the whole current state product.upserted would carry, ' +
    'applied by the same rule product by product (only a version newer than the one held), so this ' +
    'message and a product.upserted of the same product converge in either order.',
  producer: 'catalog',
  consumers: ['order', 'analytics'],
  data: z.strictObject({ products: z.array(upsertedProduct).min(1).max(MAX_PRODUCTS_PER_EVENT) }),
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
    'A catalog replica is empty (order or analytics); catalog answers by publishing products.upserted ' +
    'for every active product.',
  producer: 'order',
  alsoProducedBy: ['analytics'],
  consumers: ['catalog'],
  data: z.strictObject({ requested_by: serviceNameSchema.optional() }),
});
