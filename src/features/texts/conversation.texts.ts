import { shorten } from '../../shared/text';

/**
 * What the service says, in Indonesian, to a private message that is not a command: the answer
 * to a greeting or thanks, the draft of a plain-language complaint and its prompt, and the word
 * that a person at the desk will follow up. Sent as `auto_answer` (counted against bot loops).
 */

/** Whom a text addresses: the directory's name, else the WhatsApp name. */
type Addressee = { name: string };

/** How much of a draft's text its prompt quotes back. */
const QUOTED = 300;

export const greetingAnswer = (s: Addressee, menuLines: string) =>
  [
    `Halo, ${s.name} 👋`,
    'Ada yang bisa kami bantu? Ceritakan saja keluhan sarana prasarana Anda dalam satu pesan (boleh dengan foto), atau gunakan menu:',
    menuLines,
  ].join('\n');

export const thanksAnswer = () => 'Sama-sama 🙏 Kami senang dapat membantu.';

/** YA or BATAL with no draft to confirm: a friendly answer with the menu. */
export const nothingToConfirm = (s: Addressee, menuLines: string) =>
  [
    `Baik, ${s.name}. Saat ini tidak ada laporan yang menunggu konfirmasi Anda.`,
    'Untuk melapor, ceritakan keluhan Anda dalam satu pesan (boleh dengan foto), atau gunakan menu:',
    menuLines,
  ].join('\n');

/** The draft's prompt: what we understood, and how to confirm it. */
export const draftPrompt = (text: string, photos: number) => {
  const quoted = text.trim() ? `"${shorten(text, QUOTED)}"` : '';
  const pictures = photos > 0 ? `${photos} foto` : '';
  return [
    'Kami mencatat keluhan Anda:',
    [quoted, pictures].filter(Boolean).join(' + '),
    '',
    'Balas *YA* untuk membuat laporan, atau *BATAL*.',
  ].join('\n');
};

export const draftCancelled = () => 'Baik, laporan tidak jadi dibuat. Silakan kirim pesan lagi bila Anda membutuhkan bantuan.';

/** The draft was not confirmed in time: it waits in the desk's inbox. */
export const draftLeftForDesk = () =>
  'Laporan Anda belum dikonfirmasi, jadi pesan Anda kami teruskan ke petugas; petugas kami akan menindaklanjuti.';

/** A question or a plea with nothing to join: a person at the desk will read it. */
export const forwardedToDesk = () => 'Terima kasih, pesan Anda kami teruskan ke petugas. Mohon ditunggu balasannya.';

/** The complaint of a ticket filed from a draft of photos alone. */
export const photoOnlyComplaint = (photos: number) => `(laporan berupa ${photos} foto tanpa keterangan)`;
