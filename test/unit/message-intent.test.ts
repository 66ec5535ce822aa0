import fc from 'fast-check';
import { classifyMessage, type MessageIntent } from '../../src/chat/message-intent';
import { hostileText } from '../fault/hostile-text';

/** Messages as campus staff write them (typos, informal spelling, emoji, mixed case), and what each one is. */
const examples: Array<[string, MessageIntent]> = [
  // greetings alone
  ['halo', 'greeting'],
  ['Haloooo', 'greeting'],
  ['hai', 'greeting'],
  ['Hallo pak', 'greeting'],
  ['Selamat pagi', 'greeting'],
  ['selamat siang bu', 'greeting'],
  ['Slmt sore', 'greeting'],
  ['SELAMAT MALAM MIN', 'greeting'],
  ['pagi pak', 'greeting'],
  ['Assalamualaikum', 'greeting'],
  ["Assalamu'alaikum wr wb", 'greeting'],
  ['permisi', 'greeting'],
  ['Permisi pak 🙏', 'greeting'],
  ['met pagi kak', 'greeting'],
  ['P', 'greeting'],
  ['pak', 'greeting'],
  ['halo admin sarpras', 'greeting'],
  // a greeting followed by content
  ['halo pak, AC di ruang 204 bocor 😭 tolong dicek ya', 'complaint'],
  ['Selamat pagi, proyektor di ruang 3.1 tidak mau nyala', 'complaint'],
  ['Assalamualaikum pak, lampu toilet lt 2 mati', 'complaint'],
  // thanks
  ['terima kasih', 'thanks'],
  ['Makasih pak 🙏', 'thanks'],
  ['trims', 'thanks'],
  ['ok makasih bu', 'thanks'],
  ['terimakasih banyak', 'thanks'],
  ['thx min', 'thanks'],
  ['🙏', 'thanks'],
  // confirmations, only as a whole short answer
  ['YA', 'confirm'],
  ['ya', 'confirm'],
  ['Iya', 'confirm'],
  ['iyaa', 'confirm'],
  ['y', 'confirm'],
  ['yes', 'confirm'],
  ['Ok', 'confirm'],
  ['oke', 'confirm'],
  ['okey pak', 'confirm'],
  ['siap', 'confirm'],
  ['betul', 'confirm'],
  ['ya benar', 'confirm'],
  ['iya pak', 'confirm'],
  ['ok kirim', 'confirm'],
  ['*YA*', 'confirm'],
  ['lanjut', 'confirm'],
  ['setuju', 'confirm'],
  ['ya buat laporan', 'confirm'],
  ['👍', 'confirm'],
  ['👍🏽', 'confirm'],
  ['✔️', 'confirm'],
  ['ya, lampunya mati juga di ruang sebelah', 'complaint'],
  // cancellations
  ['batal', 'cancel'],
  ['BATAL', 'cancel'],
  ['tidak', 'cancel'],
  ['tdk', 'cancel'],
  ['gak', 'cancel'],
  ['nggak jadi pak', 'cancel'],
  ['enggak', 'cancel'],
  ['ga jadi', 'cancel'],
  ['gak jadi deh', 'cancel'],
  ['jangan', 'cancel'],
  ['cancel', 'cancel'],
  ['no', 'cancel'],
  ['tidak usah bu', 'cancel'],
  ['AC tidak dingin', 'complaint'],
  // questions
  ['kapan teknisinya datang?', 'question'],
  ['Apakah layanan buka hari sabtu', 'question'],
  ['gimana cara lapor?', 'question'],
  ['pak, berapa lama biasanya perbaikan', 'question'],
  ['siapa yang pegang gedung B?', 'question'],
  ['dimana kantor sarpras', 'question'],
  ['mau tanya pak', 'question'],
  ['sudah sampai mana pak perbaikannya', 'question'],
  ['teknisinya kapan datang ya bu', 'question'],
  ['lampu di lorong kapan diganti, sudah mati seminggu', 'complaint'],
  ['Kenapa wifi di lab lemot?', 'complaint'],
  ['apakah AC ruang 204 rusak?', 'complaint'],
  ['proyektor kok gak bisa nyala ya?', 'complaint'],
  // pleas without content
  ['Pak, mohon dibantu ya', 'plea'],
  ['tolong ya', 'plea'],
  ['mohon bantuannya 🙏🙏', 'plea'],
  ['tolong dicek ya pak', 'plea'],
  ['mohon segera ditindaklanjuti', 'plea'],
  ['plis min', 'plea'],
  // complaints
  ['lampu kelas 3.2 mati', 'complaint'],
  ['kran wastafel lt3 bocorrr', 'complaint'],
  ['Kursi di R.301 patah 2', 'complaint'],
  ['printer ruang dosen macet kertasnya nyangkut', 'complaint'],
  ['wifi GK2 down dari pagi', 'complaint'],
  ['pintu toilet pria lantai 1 ga bisa dikunci', 'complaint'],
  ['toilet mampet', 'complaint'],
  // nothing readable
  ['', 'empty'],
  ['   ', 'empty'],
  ['😭😭', 'empty'],
  ['...', 'empty'],
];

describe('classifyMessage', () => {
  test('When the table is counted, then it holds at least sixty real examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(60);
  });

  test.each(examples)('When someone writes %j, then it is read as %s', (text, expected) => {
    expect(classifyMessage(text, { hasMedia: false })).toBe(expected);
  });

  test.each(['', 'ya', 'halo', 'AC bocor'])('When a photo comes with the caption %j, then it is a complaint', (caption) => {
    expect(classifyMessage(caption, { hasMedia: true })).toBe('complaint');
  });

  test('When any text at all arrives (full Unicode, control characters, 60,000 of one character), then it is read as one of the classes', () => {
    const classes = new Set<MessageIntent>(['greeting', 'thanks', 'confirm', 'cancel', 'question', 'plea', 'complaint', 'empty']);
    fc.assert(
      fc.property(hostileText, fc.boolean(), (text, hasMedia) => classes.has(classifyMessage(text, { hasMedia }))),
      { numRuns: 300 },
    );
  });
});
