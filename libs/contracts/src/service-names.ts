import { z } from 'zod';

/** Every deployable that publishes or consumes events; an envelope's `source` is one of them. */
export const serviceNames = ['auth', 'catalog', 'order', 'analytics', 'gateway'] as const;

export type ServiceName = (typeof serviceNames)[number];

export const serviceNameSchema = z.enum(serviceNames);
