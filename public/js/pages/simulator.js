/**
 * Simulator WA (dry-run only): send a WhatsApp message as any number through the real webhook
 * pipeline and read the replies — how a new admin learns the commands without a phone.
 */
import { api } from '../api.js';
import { busy, field, formError, h } from '../dom.js';
import { fmtTime } from '../format.js';
import { refreshGateway } from '../gateway.js';
import { poll } from '../session.js';
import { loadTechnicians } from '../technicians.js';

const examples = ['#help', '#request lampu kelas 3.2 mati', 'halo pak, AC di ruang 204 bocor', 'YA', '#cek', '#riwayat', '#help2', '#job'];

/** What a plain message became, for the line under it. */
const plainMeta = {
  draft: 'masuk draf laporan; konfirmasi dikirim sebentar lagi',
  draft_yes: 'draf dikonfirmasi',
  draft_no: 'draf dibatalkan',
  greeting: 'salam',
  thanks: 'ucapan terima kasih',
  confirm: 'YA tanpa draf',
  cancel: 'BATAL tanpa draf',
  question: 'pertanyaan → Kotak Masuk',
  plea: 'minta bantuan → Kotak Masuk',
  empty: 'tanpa teks → Kotak Masuk',
  refused: 'nomor tidak terdaftar → Kotak Masuk',
};

/** Numbers to pick from: employees (reporters) and technicians. */
async function knownNumbers() {
  const [employees, technicians] = await Promise.all([
    api('/api/employees?status=active&pageSize=100').catch(() => ({ items: [] })),
    loadTechnicians({ refresh: true }).catch(() => []),
  ]);
  return [
    ...employees.items.map((e) => ({ phone: e.phone, label: `${e.name} — pegawai` })),
    ...technicians.filter((t) => t.phone).map((t) => ({ phone: t.phone, label: `${t.name} — teknisi` })),
  ];
}

export const simulatorPage = {
  title: 'Simulator WA',
  levels: ['Administrator', 'Staf'],
  async render(view) {
    view.append(h('h1', { text: 'Simulator WhatsApp' }));
    const gateway = await refreshGateway();
    if (gateway?.mode !== 'dry_run') {
      const why =
        'Simulator hanya tersedia saat gateway dalam mode uji (dry-run, tanpa FONNTE_TOKEN). Sekarang pesan dikirim ke ponsel sungguhan.';
      view.append(h('p', { class: 'form-error', role: 'alert', text: why }));
      return;
    }
    const numbers = await knownNumbers();
    const from = h('input', {
      type: 'tel',
      name: 'from',
      required: true,
      list: 'sim-numbers',
      autocomplete: 'off',
      inputMode: 'tel',
      value: numbers[0]?.phone ?? '',
    });
    const list = h(
      'datalist',
      { id: 'sim-numbers' },
      numbers.map((n) => h('option', { value: n.phone, text: n.label })),
    );
    const name = h('input', { name: 'name', autocomplete: 'off', placeholder: 'Nama tampilan WhatsApp (opsional)' });
    const text = h('textarea', { name: 'text', rows: 3, required: true, maxLength: 4000 });
    const error = formError();
    const send = h('button', { type: 'submit', class: 'primary', text: 'Kirim' });
    const log = h('ol', { class: 'chat', 'aria-live': 'polite', 'aria-label': 'Percakapan' });
    const chips = h(
      'div',
      { class: 'chips', role: 'group', 'aria-label': 'Contoh perintah' },
      examples.map((ex) =>
        h('button', {
          type: 'button',
          class: 'chip',
          text: ex,
          on: {
            click: () => {
              text.value = ex;
              text.focus();
            },
          },
        }),
      ),
    );
    const fromField = field(
      'Nomor pengirim',
      from,
      'Pilih pegawai atau teknisi, atau ketik nomor lain (nomor tak dikenal diperlakukan sebagai tamu).',
    );
    fromField.append(list);
    const form = h(
      'form',
      { class: 'card simulator-form', 'aria-label': 'Kirim pesan' },
      fromField,
      field('Nama', name),
      field('Pesan', text, 'Ctrl+Enter untuk mengirim.'),
      chips,
      error,
      h('div', { class: 'actions' }, send),
    );

    const bubble = (cls, who, body, meta) =>
      h(
        'li',
        { class: `bubble ${cls}` },
        h('div', { class: 'bubble-who', text: who }),
        h('p', { class: 'pre', text: body }),
        meta ? h('div', { class: 'bubble-meta', text: meta }) : null,
      );

    // Answers that come later (a draft's prompt, ~20 s after the last message) are fetched from the
    // outbox for the numbers used on this page; what a number had been sent before is not shown.
    const shown = new Set();
    const watched = new Set();
    const outboxOf = async (target) => (await api(`/api/outbox?target=${encodeURIComponent(target)}&pageSize=20`)).items;
    const watch = async (target) => {
      if (watched.has(target)) return;
      for (const m of await outboxOf(target)) shown.add(m.id);
      watched.add(target);
    };
    const showReply = (r) => {
      if (shown.has(r.id)) return;
      shown.add(r.id);
      log.append(bubble('in', `Balasan ke ${r.target}`, r.body, fmtTime(r.createdAt)));
      log.lastElementChild?.scrollIntoView({ block: 'nearest' });
    };
    let sending = false;
    const stop = poll(async () => {
      // While a message is being handled its own replies come with its answer, after its bubble.
      if (sending) return;
      for (const target of watched) {
        const items = await outboxOf(target).catch(() => []);
        for (const m of items.reverse()) showReply(m);
      }
    });

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(
        send,
        async () => {
          const body = { from: from.value.trim(), text: text.value, ...(name.value.trim() ? { name: name.value.trim() } : {}) };
          sending = true;
          await watch(body.from);
          const result = await api('/api/simulator/messages', { method: 'POST', body }).finally(() => (sending = false));
          const { command, ticketTrackingNo, status } = result.inbound;
          const what = command ? (plainMeta[command] ?? `#${command}`) : 'bukan perintah';
          const meta = [what, ticketTrackingNo, status === 'ignored' ? 'diabaikan' : null].filter(Boolean).join(' · ');
          log.append(bubble('out', `${body.from}${body.name ? ` (${body.name})` : ''}`, body.text, meta));
          for (const r of result.replies) showReply(r);
          if (!result.processed) log.append(bubble('in', 'Sistem', 'Pesan belum selesai diproses; lihat Monitoring sebentar lagi.'));
          if (result.processed && !result.replies.length && command !== 'draft')
            log.append(bubble('in', 'Sistem', 'Tidak ada balasan untuk pesan ini.'));
          log.lastElementChild?.scrollIntoView({ block: 'nearest' });
          // A next message typed while this one was handled stays.
          if (text.value === body.text) text.value = '';
          text.focus();
        },
        error,
      );
    });
    text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) form.requestSubmit();
    });

    view.append(
      h('p', {
        class: 'muted',
        text: 'Pesan masuk lewat jalur webhook Fonnte yang sama dengan pesan sungguhan; balasan hanya disimpan, tidak dikirim ke ponsel.',
      }),
      h(
        'div',
        { class: 'simulator' },
        form,
        h('section', { class: 'card chat-card', 'aria-label': 'Percakapan' }, h('h2', { text: 'Percakapan' }), log),
      ),
    );
    return stop;
  },
};
