/**
 * Sign-in: POST /api/auth/login sets the session cookie; the app shell takes who signed in from the
 * 'signed-in' event (the token in the answer is for API clients and is not kept).
 */
import { api, describeError } from '../api.js';
import { busy, field, formError, h, showError } from '../dom.js';

export const loginPage = {
  title: 'Masuk',
  render(view) {
    const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: false });
    const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
    const error = formError();
    const submit = h('button', { type: 'submit', class: 'primary', text: 'Masuk' });
    const form = h(
      'form',
      { class: 'card login-card', 'aria-labelledby': 'login-title' },
      h('h1', { id: 'login-title', text: 'Masuk ke Dasbor' }),
      h('p', { class: 'muted', text: 'Untuk Administrator, Staf dan Teknisi (TBO) sarana prasarana kampus.' }),
      field('Nama pengguna', username),
      field('Kata sandi', password),
      error,
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(submit, async () => {
        try {
          const session = await api('/api/auth/login', {
            method: 'POST',
            body: { username: username.value.trim(), password: password.value },
          });
          window.dispatchEvent(new CustomEvent('signed-in', { detail: session }));
        } catch (err) {
          password.value = '';
          const message = err.status === 401 ? 'Nama pengguna atau kata sandi salah.' : describeError(err);
          showError(error, message);
          password.focus();
        }
      });
    });
    view.append(h('section', { class: 'login' }, form));
    username.focus();
  },
};
