/**
 * Modal forms and confirmations on <dialog> (keyboard: focus moves in, Escape cancels).
 * No window.confirm(): the page never opens a browser dialog.
 */
import { busy, field, formError, h, select } from './dom.js';

function openDialog(content, label) {
  const dialog = h('dialog', { class: 'modal', 'aria-label': label }, content);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

/** Resolves true when the user confirms. */
export function confirmDialog(message, confirmText = 'Ya') {
  return new Promise((resolve) => {
    let answer = false;
    const yes = h('button', { type: 'button', class: 'danger', text: confirmText });
    const no = h('button', { type: 'button', class: 'secondary', text: 'Batal' });
    const dialog = openDialog(h('div', {}, h('p', { text: message }), h('div', { class: 'actions' }, no, yes)), 'Konfirmasi');
    yes.addEventListener('click', () => {
      answer = true;
      dialog.close();
    });
    no.addEventListener('click', () => dialog.close());
    dialog.addEventListener('close', () => resolve(answer));
    no.focus();
  });
}

function control(f, value) {
  const common = { name: f.name, required: !!f.required, autocomplete: f.autocomplete ?? 'off' };
  if (f.type === 'select') return select(common, f.options, value ?? f.options[0][0]);
  if (f.type === 'textarea') return h('textarea', { ...common, rows: 3, value: value ?? '' });
  return h('input', { ...common, type: f.type ?? 'text', value: value ?? '', inputMode: f.inputMode });
}

/**
 * A form in a dialog. `fields`: [{ name, label, type, options, required, help, create, edit }]
 * (`create: false` leaves a field out of the new-record form, `edit: false` out of editing). With `initial`, it edits:
 * only changed fields are sent, a cleared optional field as null. `onSubmit(body)` may throw;
 * its error is shown in the form.
 */
export function formDialog({ title, fields, initial, onSubmit }) {
  const editing = !!initial;
  const shown = fields.filter((f) => (editing ? f.edit !== false : f.create !== false));
  const controls = new Map(shown.map((f) => [f.name, control(f, initial?.[f.name] ?? undefined)]));
  const error = formError();
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Simpan' });
  const cancel = h('button', { type: 'button', class: 'secondary', text: 'Batal' });
  const form = h(
    'form',
    { class: 'dialog-form' },
    h('h2', { text: title }),
    h(
      'div',
      { class: 'form-grid' },
      shown.map((f) => field(f.required && !(editing && f.type === 'password') ? `${f.label} *` : f.label, controls.get(f.name), f.help)),
    ),
    error,
    h('div', { class: 'actions' }, cancel, submit),
  );
  if (editing) for (const f of shown) if (f.type === 'password') controls.get(f.name).required = false;
  const dialog = openDialog(form, title);
  cancel.addEventListener('click', () => dialog.close());

  return new Promise((resolve) => {
    let result = null;
    dialog.addEventListener('close', () => resolve(result));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const body = {};
      for (const f of shown) {
        const v = controls.get(f.name).value.trim();
        const before = initial?.[f.name] ?? '';
        if (!editing) {
          if (v !== '') body[f.name] = v;
        } else if (v !== String(before)) {
          if (v === '' && f.type === 'password') continue;
          body[f.name] = v === '' ? null : v;
        }
      }
      if (editing && !Object.keys(body).length) {
        dialog.close();
        return;
      }
      void busy(
        submit,
        async () => {
          result = await onSubmit(body);
          dialog.close();
        },
        error,
      );
    });
    controls.values().next().value?.focus();
  });
}
