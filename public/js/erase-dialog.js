/**
 * The erasure's confirmation: what will go, and the phone (or employee id) typed again; the
 * button stays disabled until what is typed matches, compared as the server compares it.
 */
import { busy, field, formError, h } from './dom.js';

/** 0812…, +62 812-…, 62812… → 62812…: the server's normalisation, for the match only. */
export function samePhone(a, b) {
  const norm = (s) => {
    const digits = String(s).replace(/\D/g, '');
    return digits.startsWith('0') ? `62${digits.replace(/^0+/, '')}` : digits;
  };
  return norm(a) !== '' && norm(a) === norm(b);
}

/**
 * Opens the dialog for `person` ({ phone, employeeId, label }); `onErase(confirm)` runs the
 * erasure and may throw (its error is shown). Resolves with its result, or null when cancelled.
 */
export function eraseDialog(person, onErase) {
  const byId = !!person.employeeId;
  const expected = byId ? person.employeeId : person.phone;
  const input = h('input', { name: 'confirm', autocomplete: 'off', inputMode: byId ? 'text' : 'tel' });
  const error = formError();
  const erase = h('button', { type: 'submit', class: 'danger', text: 'Hapus permanen', disabled: true });
  const cancel = h('button', { type: 'button', class: 'secondary', text: 'Batal' });
  const matches = () => (byId ? input.value.trim().toUpperCase() === expected.toUpperCase() : samePhone(input.value, expected));
  input.addEventListener('input', () => {
    erase.disabled = !matches();
  });
  const form = h(
    'form',
    { class: 'dialog-form' },
    h('h2', { text: 'Hapus data orang ini' }),
    h('p', { text: `Semua data tentang ${person.label} akan dihapus dan tidak dapat dikembalikan:` }),
    h(
      'ul',
      {},
      h('li', { text: 'pesan masuk dan keluar, foto, kotak masuk, draf, dan laporan yang diikuti dihapus;' }),
      h('li', { text: 'tiketnya tetap ada untuk statistik, tetapi pelapornya menjadi "Pelapor dihapus" tanpa nomor;' }),
      h('li', { text: 'data pegawainya dihapus dari direktori.' }),
    ),
    field(
      byId ? `Ketik ulang ID pegawai ${expected}` : `Ketik ulang nomor telepon ${expected}`,
      input,
      'Tombol hapus aktif setelah isinya sama.',
    ),
    error,
    h('div', { class: 'actions' }, cancel, erase),
  );
  const dialog = h('dialog', { class: 'modal', 'aria-label': 'Hapus data orang ini' }, form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  input.focus();
  cancel.addEventListener('click', () => dialog.close());
  return new Promise((resolve) => {
    let result = null;
    dialog.addEventListener('close', () => resolve(result));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!matches()) return;
      void busy(
        erase,
        async () => {
          result = await onErase(input.value.trim());
          dialog.close();
        },
        error,
      ).finally(() => {
        erase.disabled = !matches();
      });
    });
  });
}
