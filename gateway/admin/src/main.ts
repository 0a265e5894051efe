import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { h } from './dom.js';
import { createSession, type User } from './session.js';
import { catalogView } from './views/catalog.js';
import { categoriesView } from './views/categories.js';
import { dashboardView } from './views/dashboard.js';
import { deadLettersView } from './views/dead-letters.js';
import { healthView } from './views/health.js';
import { importView } from './views/import.js';
import { ordersView } from './views/orders.js';
import { signInView } from './views/sign-in.js';

const root = document.getElementById('app') as HTMLElement;
const session = createSession(showSignIn);

/** The console's pages by hash route (one document, so the gateway serves one page). */
const pages = {
  dashboard: { title: 'Dashboard', view: dashboardView },
  catalog: { title: 'Catalog', view: catalogView },
  categories: { title: 'Categories', view: categoriesView },
  import: { title: 'Import', view: importView },
  orders: { title: 'Orders', view: ordersView },
  'dead-letters': { title: 'Dead letters', view: deadLettersView },
  health: { title: 'Health', view: healthView },
} as const;
type PageName = keyof typeof pages;

function showSignIn(notice = ''): void {
  signedIn = undefined;
  window.removeEventListener('hashchange', showRoutedPage);
  root.replaceChildren(signInView(session, showConsole, notice));
  root.querySelector('input')?.focus();
}

let signedIn: User | undefined;

function showConsole(user: User): void {
  signedIn = user;
  window.addEventListener('hashchange', showRoutedPage);
  showRoutedPage();
}

function showRoutedPage(): void {
  if (!signedIn) return;
  const requested = location.hash.replace(/^#\/?/, '');
  const name: PageName = Object.hasOwn(pages, requested) ? (requested as PageName) : 'dashboard';
  const signOut = h('button', { type: 'button', class: 'sign-out' }, 'Sign out');
  signOut.addEventListener('click', async function signOutClicked() {
    try {
      await session.signOut();
      showSignIn('Signed out.');
    } catch {
      showSignIn('Signed out here; the shop could not be told, so the session lasts until it expires.');
    }
  });
  const nav = h(
    'nav',
    { 'aria-label': 'Console' },
    h(
      'ul',
      {},
      ...Object.entries(pages).map(([page, { title }]) =>
        h('li', {}, h('a', { href: `#/${page}`, 'aria-current': page === name ? 'page' : false }, title)),
      ),
    ),
  );
  const header = h('header', {}, h('span', { class: 'who' }, signedIn.email), nav, signOut);
  root.replaceChildren(header, h('div', { class: 'page' }, pages[name].view(session)));
  document.title = `${pages[name].title} · Shop admin`;
  root.focus();
}

showSignIn();
