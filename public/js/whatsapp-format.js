/**
 * WhatsApp's own formatting, rendered as DOM elements holding text nodes: `*tebal*`, `_miring_`,
 * `~coret~` and ```mono```. The message is never parsed as HTML: `<img onerror=…>` in a message
 * stays those characters. Markers follow WhatsApp's rules: an opening mark starts a word and is
 * followed by a non-space, a closing mark ends a word, and bold, italic and strikethrough stay
 * on one line (they nest: `*_tebal miring_*`); a ``` block may span lines and is shown as is.
 */
import { h } from './dom.js';

const TAGS = { '*': 'strong', _: 'em', '~': 's' };
const WORD = /[\p{L}\p{N}]/u;

const isWordChar = (c) => c !== undefined && WORD.test(c);
const isSpace = (c) => c === undefined || /\s/.test(c);

/** The index of the mark closing the one at `open`, or -1. */
function closing(text, open) {
  const mark = text[open];
  for (let j = open + 2; j < text.length; j++) {
    if (text[j] === '\n') return -1;
    if (text[j] === mark && !isSpace(text[j - 1]) && !isWordChar(text[j + 1])) return j;
  }
  return -1;
}

/** Bold, italic and strikethrough in one line's worth of text, as nodes. */
function inline(text) {
  const nodes = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const end = TAGS[c] && !isWordChar(text[i - 1]) && !isSpace(text[i + 1]) ? closing(text, i) : -1;
    if (end === -1) {
      plain += c;
      i += 1;
      continue;
    }
    if (plain) nodes.push(document.createTextNode(plain));
    plain = '';
    nodes.push(h(TAGS[c], {}, inline(text.slice(i + 1, end))));
    i = end + 1;
  }
  if (plain) nodes.push(document.createTextNode(plain));
  return nodes;
}

/** `text` as WhatsApp shows it: an array of nodes (text nodes and formatting elements). */
export function whatsappNodes(text) {
  const nodes = [];
  const mono = /```([\s\S]+?)```/g;
  let last = 0;
  for (let m = mono.exec(text); m; m = mono.exec(text)) {
    nodes.push(...inline(text.slice(last, m.index)));
    nodes.push(h('code', { class: 'wa-mono', text: m[1] }));
    last = m.index + m[0].length;
  }
  nodes.push(...inline(text.slice(last)));
  return nodes;
}
