import { describeError } from './api.js';

/**
 * Element builders. Text always goes in through textContent (or text nodes), never as HTML:
 * complaints and replies come from WhatsApp and are untrusted.
 */

/**
 * h('button', { class: 'primary', type: 'button', on: { click } }, 'Simpan')
 * Props: `class`, `text`, `on` (event listeners), `dataset`; `aria-*`, `role`, `for` and
 * unknown names become attributes; anything else is set as a DOM property (value, checked…).
 * Children: nodes, strings (as text), arrays, and null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'on') for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('aria-') || key === 'role' || key === 'for' || key === 'list' || !(key in el))
      el.setAttribute(key, value === true ? '' : String(value));
    else el[key] = value;
  }
  append(el, children);
  return el;
}

/** Appends children as h() accepts them. */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces everything inside `el`. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A plain button (type=button); `label` is its accessible name when the text alone is ambiguous. */
export function button(text, onClick, { kind = 'secondary', small = false, label } = {}) {
  return h('button', { type: 'button', class: [kind, small && 'small'], text, 'aria-label': label, on: { click: onClick } });
}

/** A labelled form field: <div class="field"><label for>…</label><control/><small>help</small></div>. */
let fieldSeq = 0;
export function field(label, control, help) {
  if (!control.id) control.id = `f${++fieldSeq}`;
  const hint = help ? h('small', { class: 'help', id: `${control.id}-help`, text: help }) : null;
  if (hint) control.setAttribute('aria-describedby', hint.id);
  return h('div', { class: 'field' }, h('label', { for: control.id, text: label }), control, hint);
}

/** <select> from [value, label] pairs. */
export function select(props, options, selected) {
  const el = h('select', props);
  for (const [value, label] of options) el.append(h('option', { value, text: label, selected: String(value) === String(selected ?? '') }));
  return el;
}

/** A message area for a form: role=alert so screen readers hear errors. */
export function formError() {
  return h('p', { class: 'form-error', role: 'alert', hidden: true });
}

export function showError(el, message) {
  el.textContent = message ?? '';
  el.hidden = !message;
}

/** Runs `fn` with the button disabled and marked busy; errors are shown in `errorEl` (or rethrown). */
export async function busy(button, fn, errorEl) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (errorEl) showError(errorEl, '');
  try {
    return await fn();
  } catch (err) {
    if (!errorEl) throw err;
    showError(errorEl, describeError(err));
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
