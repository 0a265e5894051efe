import { ApiError } from '../api.js';
import { field, h } from '../dom.js';
import type { Session, User } from '../session.js';

/** The sign-in form; `onAdmin` gets an admin. A customer is told the console is not for them and signed out. */
export function signInView(session: Session, onAdmin: (user: User) => void, notice = ''): HTMLElement {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const status = h('p', { role: 'alert', class: 'notice' }, notice);
  const submit = h('button', { type: 'submit' }, 'Sign in');
  const form = h(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Shop admin'),
    field('Email', email),
    field('Password', password),
    submit,
    status,
  );
  form.addEventListener('submit', async function signIn(event) {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = '';
    try {
      const user = await session.signIn(email.value, password.value);
      if (user.role === 'admin') return onAdmin(user);
      await session.signOut();
      status.textContent = `${user.email} is not an admin: this console is for the shop's admins only.`;
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : 'The shop could not be reached.';
    } finally {
      submit.disabled = false;
      password.value = '';
    }
  });
  return form;
}
