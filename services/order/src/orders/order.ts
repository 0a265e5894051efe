import type { EventData } from '@shop/contracts';

export const orderStatuses = ['pending', 'executing', 'executed', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/** Why catalog could not take an order's stock, as stock.rejected lists it. */
export type Shortage = EventData<'stock.rejected'>['shortages'][number];

/** Why an execution attempt ended without the order executed: catalog short of stock, or no answer in time. */
export type RejectionReason = 'stock_unavailable' | 'execution_timed_out';

/** The last rejection of an order's execution, kept until it is executed. */
export interface Rejection {
  rejectedAt: string;
  reason: RejectionReason;
  shortages: Shortage[];
}

export interface OrderLine {
  productId: number;
  productName: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
}

export interface Order {
  id: number;
  userId: number;
  status: OrderStatus;
  location: string;
  countryCode: string;
  items: OrderLine[];
  total: number;
  rejection: Rejection | null;
  createdAt: Date;
  updatedAt: Date;
  executedAt: Date | null;
  cancelledAt: Date | null;
  restockedAt: Date | null;
}

/** A line as a client asks for it. */
export interface RequestedLine {
  product_id: number;
  quantity: number;
}

/** Who asks: the signed-in user and whether they are an admin (admins read every order). */
export interface Caller {
  userId: number;
  isAdmin: boolean;
}

/** Merges lines of the same product (quantities summed), in product-id order. */
export function mergeLines(items: RequestedLine[]): RequestedLine[] {
  const merged = new Map<number, number>();
  for (const { product_id, quantity } of items)
    merged.set(product_id, (merged.get(product_id) ?? 0) + quantity);
  return [...merged]
    .map(([product_id, quantity]) => ({ product_id, quantity }))
    .sort((a, b) => a.product_id - b.product_id);
}

/** True when `caller` may read the order: its owner, or an admin. */
export function canRead(order: Pick<Order, 'userId'>, caller: Caller): boolean {
  return order.userId === caller.userId || caller.isAdmin;
}
