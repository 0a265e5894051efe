import { type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { processInstance, type Registry } from '@shop/platform';
import type { Logger } from 'pino';
import type { Sql } from 'postgres';
import type { Broker, OutgoingMessage, PublishError } from './broker.js';
import { Doorbell } from './doorbell.js';
import { publishFailuresCounter, registerOutboxLag } from './messaging-metrics.js';
import {
  claimOutboxRows,
  type OutboxRow,
  type OutboxSettlement,
  settleOutboxClaim,
} from './outbox-claims.repository.js';
import { RefusedRows } from './refused-rows.js';
import { contextFromHeaders, currentTraceHeaders } from './trace-context.js';

export interface OutboxRelayOptions {
  sql: Sql;
  broker: Broker;
  /** The schema whose outbox this relay drains (its NOTIFY channel is "<schema>_outbox"). */
  schema: string;
  logger: Logger;
  batchSize?: number;
  /**
   * Polling fallback when a notification is missed (listener reconnecting, say), and how soon the
   * rows of a replica that stopped before publishing them go out.
   */
  pollIntervalMs?: number;
  /** The process whose commits wake this relay (the `shop.instance` of its sessions); this one's by default. */
  instance?: string;
  /** Where `outbox_lag_seconds` and `outbox_publish_failures_total` are reported. */
  metrics?: Registry;
}

export interface OutboxRelay {
  /** Finishes the batch in flight and stops. */
  stop(): Promise<void>;
}

const tracer = trace.getTracer('@shop/messaging');
const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5_000;

/**
 * Publishes outbox rows in id order, bulk rows (an import's) after all others. A batch is claimed for
 * a few seconds by one statement (several relays never take the same rows), published with confirms,
 * and its confirmed rows then marked published — by the next claim's statement when that follows at
 * once (more rows announced, or a full batch): a crash in between re-publishes once the claim runs
 * out, never loses. A row the broker refuses (unroutable, nacked) is logged, counted and retried alone
 * with back-off. Published rows are deleted later by retention (messaging-retention.repository.ts).
 * A commit wakes only its own process's relay (whose claim takes any replica's rows); the others'
 * polls pick up what a replica that stopped left unpublished.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { sql, broker, schema, logger, batchSize = 500, pollIntervalMs = 1_000 } = options;
  const instance = options.instance ?? processInstance;
  const doorbell = new Doorbell();
  const refused = new RefusedRows();
  if (options.metrics) registerOutboxLag(options.metrics, sql);
  const failures = options.metrics && publishFailuresCounter(options.metrics);

  // A settlement the next claim, about to run, carries (more rows were announced during the publish).
  let handedOver: OutboxSettlement | undefined;

  async function relayBatch(): Promise<number> {
    doorbell.answer();
    const rows = await claimOutboxRows(sql, refused.notDue(), batchSize, handedOver);
    handedOver = undefined;
    if (rows.length === 0) return 0;
    const claimed = rows.map((row) => row.id);
    const traced = rows.map(tracedMessage);
    let outcomes: Array<PublishError | null>;
    try {
      outcomes = await broker.publishEach(traced.map(({ message }) => message));
    } catch (error) {
      for (const { span } of traced) span.setStatus({ code: SpanStatusCode.ERROR, message: String(error) });
      for (const { span } of traced) span.end();
      await settleOutboxClaim(sql, { claimed, published: [] }).catch(() => {});
      throw error;
    }
    for (const [i, row] of rows.entries()) settleRow(row, traced[i] as TracedMessage, outcomes[i] ?? null);
    const settlement = {
      claimed,
      published: rows.filter((_, i) => outcomes[i] === null).map((row) => row.id),
    };
    // The broker as a whole failed (no confirm, channel gone): the relay backs off.
    const brokerFailure = outcomes.find((outcome) => outcome !== null && !outcome.concernsMessage);
    if (!brokerFailure && !doorbell.isClosed && (doorbell.hasRung || rows.length === batchSize)) {
      handedOver = settlement;
      return rows.length;
    }
    await settleOutboxClaim(sql, settlement);
    if (brokerFailure) throw brokerFailure;
    return rows.length;
  }

  function settleRow(row: OutboxRow, { span }: TracedMessage, outcome: PublishError | null) {
    if (outcome) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.message });
    span.end();
    if (outcome === null) return refused.forget(row.id);
    if (!outcome.concernsMessage) return;
    const retryInMs = refused.refuse(row.id);
    failures?.inc({ routing_key: row.routing_key, failure: outcome.failure });
    logger.error(
      { message_id: row.message_id, routing_key: row.routing_key, err: outcome.message, retryInMs },
      'broker refused an outbox row; retrying it alone',
    );
  }

  async function run() {
    let backoffMs = MIN_BACKOFF_MS;
    while (!doorbell.isClosed) {
      try {
        const relayed = await relayBatch();
        backoffMs = MIN_BACKOFF_MS;
        if (relayed === batchSize) continue;
        await doorbell.wait(pollIntervalMs);
      } catch (error) {
        logger.warn({ err: (error as Error).message, backoffMs }, 'outbox relay failed; backing off');
        await doorbell.wait(backoffMs, { ignoreRings: true });
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
    }
    if (handedOver) await settleOutboxClaim(sql, handedOver).catch(() => {});
  }

  const listening = sql
    .listen(`${schema}_outbox`, (writer) => {
      if (writer === instance || writer === '') doorbell.ring();
    })
    .catch((error: Error) => {
      logger.warn({ err: error.message }, 'outbox LISTEN failed; relying on polling');
      return null;
    });
  const running = run();

  return {
    async stop() {
      doorbell.close();
      await running;
      await (await listening)?.unlisten().catch(() => {});
    },
  };
}

/**
 * The message of a row, under a producer span that continues the trace stored with the row (the
 * request or message that wrote it); the message carries the span's own trace context on.
 */
interface TracedMessage {
  span: Span;
  message: OutgoingMessage;
}

function tracedMessage(row: OutboxRow): TracedMessage {
  const parent = contextFromHeaders(row.headers);
  const span = tracer.startSpan(
    `${row.routing_key} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'messaging.destination.name': row.routing_key,
        'messaging.message.id': row.message_id,
      },
    },
    parent,
  );
  const message = {
    messageId: row.message_id,
    routingKey: row.routing_key,
    body: Buffer.from(row.body),
    headers: { ...row.headers, ...currentTraceHeaders(trace.setSpan(parent, span)) },
    type: row.routing_key,
    appId: row.source,
  };
  return { span, message };
}
