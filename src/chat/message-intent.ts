/**
 * What a plain (non-command) chat message is, decided from its words alone: pure, no I/O.
 *
 * - `greeting`: only a greeting ("halo", "selamat pagi pak", "assalamualaikum");
 * - `thanks`: only thanks ("makasih pak", "terima kasih 🙏");
 * - `confirm` / `cancel`: a whole short answer meaning yes ("iya pak", "ok kirim") or no ("gak jadi");
 * - `question`: ends with "?" or starts with a question word, and names no fault;
 * - `plea`: asks for help without saying what is wrong ("Pak, mohon dibantu ya");
 * - `complaint`: anything with content, and any photo;
 * - `empty`: nothing readable (a sticker, an emoji other than the ones above).
 */
export type MessageIntent = 'greeting' | 'thanks' | 'confirm' | 'cancel' | 'question' | 'plea' | 'complaint' | 'empty';

/** Words that carry no content: honorifics and the particles people add to everything. */
const HONORIFICS = words('pak bapak bpk pa bu ibu mas mbak mba kak kakak min admin gan bang sis om tim sarpras semua semuanya');
const FILLERS = words('ya yah dong deh nih sih kok aja saja lah ni');

const GREETING = words(
  'halo hallo helo hello hai hi hey hei p ping pagi siang sore malam selamat slamat slmt met assalamualaikum asalamualaikum salam ' +
    'asw ass wr wb warahmatullahi wabarakatuh permisi misi punten shalom',
);
const THANKS_CORE = words('terima kasih makasih makasi trims trimakasih terimakasih thanks thank thx tq ty tengkyu suwun nuwun matur');
const THANKS_EXTRA = words('banyak you ok oke baik siap');
const CONFIRM = words(
  'ya iya iy y yes yup yep ok oke okey okay okee siap betul benar bener lanjut lanjutkan kirim kirimkan setuju boleh sip gas',
);
const CONFIRM_EXTRA = words('buat buatkan laporan laporkan saja aja');
const CANCEL_CORE = words('batal batalkan tidak tdk gak ga gk nggak ngga enggak engga jangan cancel no nope gausah gajadi');
const CANCEL_EXTRA = words('jadi usah dulu perlu');
const PLEA_CORE = words(
  'mohon tolong bantu dibantu bantuan bantuannya bantuanya please pls plis dicek cek ditindaklanjuti tindaklanjuti ' +
    'segera secepatnya ditangani diproses respon direspon',
);
const PLEA_EXTRA = words('ya terima kasih makasih lagi kembali');
const QUESTION_START = words('apa apakah kapan bagaimana gimana gmn bgmn berapa brp siapa dimana mana kenapa knp mengapa bisakah');
/** Words that say something is wrong: a question carrying one is a complaint ("apakah AC 204 rusak?"). */
const FAULT = words(
  'rusak mati bocor rembes padam macet error eror trouble konslet korslet korsleting pecah retak jebol ambrol copot lepas ' +
    'putus mampet tersumbat banjir bau kotor panas berisik lemot lambat hilang nyala menyala dingin hidup rusaknya kebocoran',
);
/** "tidak/gak … nyala/bisa/mau": a negation before one of these is a fault. */
const NEGATION = words('tidak tdk gak ga gk nggak ngga enggak engga');
const NEGATED = words('nyala menyala hidup bisa mau jalan berfungsi keluar dingin konek connect terhubung nyambung mengalir masuk');
const ASKING = words('tanya nanya bertanya');
/** Question words that ask wherever they stand ("sudah sampai mana perbaikannya", "teknisinya kapan datang"). */
const QUESTION_ANYWHERE = words('apakah kapan bagaimana gimana gmn bgmn berapa brp kenapa knp mengapa mana');

const THUMBS = /^[\s👍👌🙆✅☑✔]+$/u;
const PRAYING = /^[\s🙏]+$/u;

/**
 * Classifies one plain message. `hasMedia`: it came with a photo or file, which is always a
 * complaint (a photo says what is wrong even without a caption).
 */
export function classifyMessage(text: string, opts: { hasMedia: boolean }): MessageIntent {
  if (opts.hasMedia) return 'complaint';
  const bare = text.replace(/\p{Emoji_Modifier}|\u{FE0F}/gu, '');
  if (THUMBS.test(bare) && bare.trim() !== '') return 'confirm';
  if (PRAYING.test(bare) && bare.trim() !== '') return 'thanks';
  const tokens = tokenize(text);
  if (tokens.length === 0) return 'empty';
  const content = tokens.filter((t) => !HONORIFICS.has(t));
  if (content.length === 0) return 'greeting'; // "pak", "min": a call for attention
  const only = (...sets: ReadonlyArray<ReadonlySet<string>>) => content.every((t) => sets.some((s) => s.has(t)));
  const some = (set: ReadonlySet<string>) => content.some((t) => set.has(t));

  if (some(GREETING) && only(GREETING, FILLERS)) return 'greeting';
  if (some(THANKS_CORE) && only(THANKS_CORE, THANKS_EXTRA, FILLERS, GREETING)) return 'thanks';
  if (content.length <= 4 && some(CONFIRM) && only(CONFIRM, CONFIRM_EXTRA, FILLERS)) return 'confirm';
  if (content.length <= 4 && some(CANCEL_CORE) && only(CANCEL_CORE, CANCEL_EXTRA, FILLERS)) return 'cancel';
  if (some(PLEA_CORE) && only(PLEA_CORE, PLEA_EXTRA, FILLERS, GREETING)) return 'plea';
  if (only(FILLERS)) return 'empty';

  const body = content.filter((t) => !GREETING.has(t));
  const asks =
    /\?\s*$/.test(stripDecorations(text)) ||
    (body[0] !== undefined && QUESTION_START.has(body[0])) ||
    body.some((t) => ASKING.has(t) || QUESTION_ANYWHERE.has(t));
  if (asks && !namesFault(body)) return 'question';
  return 'complaint';
}

function namesFault(tokens: readonly string[]): boolean {
  return tokens.some((t, i) => FAULT.has(t) || (NEGATION.has(t) && NEGATED.has(tokens[i + 1] ?? '')));
}

/** Emoji and WhatsApp marks removed, so "kapan? 🙏" still ends with "?". */
function stripDecorations(text: string): string {
  return text.replace(/\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|[*_~]/gu, '').trim();
}

/**
 * Lower case, apostrophes joined ("assalamu'alaikum"), everything that is not a letter or digit a
 * space, runs of one letter squeezed to one ("haloooo", "iyaa", "okee" → "halo", "iya", "oke").
 * Dictionary words go through the same squeeze, so both sides compare alike.
 */
function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKC')
    .replace(/['’`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map(squeeze);
}

function squeeze(word: string): string {
  return word.replace(/(\p{L})\1+/gu, '$1');
}

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean).map(squeeze));
}
