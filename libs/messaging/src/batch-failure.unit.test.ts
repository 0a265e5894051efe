import { describe, expect, it } from 'vitest';
import { respondToFailure } from './batch-failure.js';
import { type Delivery, HandlerFailure } from './handle-batch.js';

const failure = (code: string) => Object.assign(new Error(`failed with ${code}`), { code });
const delivery = { event: { id: 'a' } } as unknown as Delivery;
const other = { event: { id: 'b' } } as unknown as Delivery;

describe('respondToFailure', () => {
  it('retries the batch after a pause when the infrastructure failed outside a handler', () => {
    expect(respondToFailure(failure('ECONNREFUSED'))).toMatchObject({ next: 'retry', pause: true });
  });

  it('retries the batch after a pause when a handler met an infrastructure failure, charging no message', () => {
    const thrown = new HandlerFailure(failure('57P01'), { delivery });
    expect(respondToFailure(thrown)).toMatchObject({ next: 'retry', pause: true });
  });

  it('sets the message aside, without a pause, when its handler rejected it', () => {
    const cause = new Error('bad data');
    expect(respondToFailure(new HandlerFailure(cause, { delivery }))).toEqual({
      next: 'set-aside',
      delivery,
      pause: false,
      error: cause,
    });
  });

  it('sets the message aside and pauses when its handler timed out', () => {
    const thrown = new HandlerFailure(failure('57014'), { delivery });
    expect(respondToFailure(thrown)).toMatchObject({ next: 'set-aside', delivery, pause: true });
  });

  it('runs a failed run one handler per message, pausing only on a timeout', () => {
    const run = [delivery, other];
    expect(respondToFailure(new HandlerFailure(new Error('x'), { run }))).toMatchObject({
      next: 'one-by-one',
      pause: false,
    });
    expect(respondToFailure(new HandlerFailure(failure('55P03'), { run }))).toMatchObject({
      next: 'one-by-one',
      pause: true,
    });
  });

  it('retries a run in place when the infrastructure failed under it', () => {
    const thrown = new HandlerFailure(failure('CONNECTION_CLOSED'), { run: [delivery, other] });
    expect(respondToFailure(thrown)).toMatchObject({ next: 'retry', pause: true });
  });
});
