/**
 * A set-password link (#/sandi/<token>): someone imported without a password chooses one (issue 16
 * part 1). Open without a session: the token is the proof. Afterwards they sign in as usual.
 */
import { api, describeError } from '../api.js';
import { busy, field, formError, h, showError } from '../dom.js';
import { fmtDateTime } from '../format.js';

const MIN_LENGTH = 10;

/** The link holder's sentence; the shared texts speak to an Administrator. */
function linkError(err) {
  if (err.status === 404) return 'Tautan ini tidak dikenal; periksa lagi tautan yang Anda terima.';
  if (err.details?.reason === 'staff_inactive') return 'Akun Anda tidak aktif; hubungi Administrator.';
  return describeError(err);
}

export const setPasswordPage = {
  title: 'Atur Kata Sandi',
  /** Shown without a session: the link's token is the proof. */
  public: true,
  async render(view, { args: [token] }) {
    const card = h(
      'section',
      { class: 'card login-card', 'aria-labelledby': 'sandi-title' },
      h('h1', { id: 'sandi-title', text: 'Atur Kata Sandi' }),
    );
    view.append(h('section', { class: 'login' }, card));
    let info;
    try {
      info = await api(`/api/auth/set-password/${encodeURIComponent(token)}`);
    } catch (err) {
      card.append(
        h('p', {
          class: 'form-error',
          role: 'alert',
          text: linkError(err),
        }),
        h('p', {}, h('a', { href: '#/login', text: 'Ke halaman masuk' })),
      );
      return;
    }
    const password = h('input', {
      name: 'password',
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      minLength: MIN_LENGTH,
    });
    const again = h('input', { name: 'password2', type: 'password', autocomplete: 'new-password', required: true, minLength: MIN_LENGTH });
    const error = formError();
    const submit = h('button', { type: 'submit', class: 'primary', text: 'Simpan kata sandi' });
    const form = h(
      'form',
      {},
      h('p', { text: `Halo, ${info.name}. Nama pengguna Anda: ${info.username}.` }),
      h('p', {
        class: 'muted',
        text: `Buat kata sandi (minimal ${MIN_LENGTH} karakter). Tautan berlaku sampai ${fmtDateTime(info.expiresAt)} dan hanya sekali pakai.`,
      }),
      // For password managers: the account this password belongs to.
      h('input', { type: 'text', name: 'username', autocomplete: 'username', value: info.username, hidden: true, readOnly: true }),
      field('Kata sandi baru', password),
      field('Ulangi kata sandi baru', again),
      error,
      h('div', { class: 'actions' }, submit),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (password.value.length < MIN_LENGTH) return showError(error, `Kata sandi minimal ${MIN_LENGTH} karakter.`);
      if (password.value !== again.value) return showError(error, 'Kedua kata sandi tidak sama.');
      void busy(
        submit,
        async () => {
          await api('/api/auth/set-password', { method: 'POST', body: { token, password: password.value } });
          form.replaceWith(
            h('p', { role: 'status', text: `Kata sandi tersimpan. Silakan masuk dengan nama pengguna ${info.username}.` }),
            h('p', {}, h('a', { href: '#/login', class: 'button primary', text: 'Masuk' })),
          );
        },
        error,
      );
    });
    card.append(form);
    password.focus();
  },
};
