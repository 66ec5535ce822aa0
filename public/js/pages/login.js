/** Sign-in: POST /api/auth/login; the app shell takes the session from the 'signed-in' event. */
import { api, describeError, token } from '../api.js';
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
          token.set(session.token);
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
