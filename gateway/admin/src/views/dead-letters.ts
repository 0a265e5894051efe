import { ApiError } from '../api.js';
import { h } from '../dom.js';
import type { Session } from '../session.js';

interface DeadLetter {
  id: string;
  service: string;
  type: string;
  reason: string;
  count: number;
  dead_lettered_at: string;
  payload: unknown;
}
interface DeadLetterPage {
  items: DeadLetter[];
  next_cursor: string | null;
  unavailable: string[];
}

/** Every service's dead letters, newest first: inspect a payload, replay a letter and see it leave the list. */
export function deadLettersView(session: Session): HTMLElement {
  const list = h('div', { 'aria-live': 'polite' });
  const status = h('p', { role: 'status' });
  const reload = h('button', { type: 'button' }, 'Refresh');

  async function load(): Promise<void> {
    try {
      const page = await session.call<DeadLetterPage>('/admin/dead-letters?limit=100');
      const unavailable = page.unavailable.length
        ? h(
            'p',
            { role: 'alert', class: 'notice' },
            `Not answering, so missing here: ${page.unavailable.join(', ')}`,
          )
        : null;
      const empty = h('p', { class: 'empty' }, 'No dead letters: every message was handled.');
      list.replaceChildren(
        ...(unavailable ? [unavailable] : []),
        page.items.length === 0 ? empty : h('ul', { class: 'letters' }, ...page.items.map(letterItem)),
      );
    } catch (error) {
      list.replaceChildren(
        h('p', { role: 'alert', class: 'notice' }, error instanceof ApiError ? error.message : String(error)),
      );
    }
  }

  function letterItem(letter: DeadLetter): HTMLElement {
    const replay = h(
      'button',
      { type: 'button', 'aria-label': `Replay ${letter.type} ${letter.id}` },
      'Replay',
    );
    replay.addEventListener('click', async () => {
      replay.disabled = true;
      try {
        await session.call(`/admin/dead-letters/${letter.id}/replay`, { method: 'POST' });
        status.textContent = `Replayed ${letter.type} ${letter.id} to ${letter.service}.`;
        await load();
      } catch (error) {
        status.textContent = error instanceof ApiError ? error.message : String(error);
        replay.disabled = false;
      }
    });
    return h(
      'li',
      { 'data-id': letter.id },
      h('h2', {}, `${letter.type} · ${letter.service}`),
      h('p', {}, `${letter.reason} (${letter.count}×) at ${letter.dead_lettered_at} · id ${letter.id}`),
      h('details', {}, h('summary', {}, 'Payload'), h('pre', {}, JSON.stringify(letter.payload, null, 2))),
      replay,
    );
  }

  reload.addEventListener('click', () => void load());
  void load();
  return h(
    'section',
    { 'aria-labelledby': 'page-title' },
    h('h1', { id: 'page-title' }, 'Dead letters'),
    reload,
    status,
    list,
  );
}
