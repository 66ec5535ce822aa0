/** Where a ticket's fault is: how it reads in lists and facts, and the desk's form to set or correct it. */
import { busy, field, formError, h } from './dom.js';

/** `Gedung A › Lantai 2 › Kelas 3.2 (R-3.2)`, or null when the ticket has no place. */
export const placeText = (place) => (place ? `${place.path} (${place.code})` : null);

/** The desk's form: a select of the active places (the ticket's own stays shown) and "unknown". */
export function placeForm({ places, onSave }) {
  const place = h('select', { name: 'placeId' });
  const error = formError();
  const submit = h('button', { type: 'submit', class: 'primary', text: 'Simpan' });
  const form = h(
    'form',
    { class: 'card action', 'aria-label': 'Tempat' },
    h('h3', { text: 'Tempat' }),
    field('Tempat', place, 'Gedung, lantai atau ruang tempat kerusakan.'),
    error,
    h('div', { class: 'actions' }, submit),
  );
  let current;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = place.value === '' ? null : Number(place.value);
    if (chosen === current) return;
    void busy(submit, () => onSave({ placeId: chosen }), error);
  });
  return {
    el: form,
    /** Shows the ticket's place (only when it changed, so a poll does not undo a choice being made). */
    update(t) {
      const id = t.place?.id ?? null;
      if (current === id) return;
      current = id;
      const offered = places.filter((p) => p.active || p.id === id);
      place.replaceChildren(
        h('option', { value: '', text: '— Tidak diketahui —' }),
        ...offered.map((p) => h('option', { value: String(p.id), text: `${p.path} (${p.code})`, selected: p.id === id })),
      );
    },
  };
}
