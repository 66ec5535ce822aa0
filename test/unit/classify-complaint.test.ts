import { classifyComplaint, type CategoryRule } from '../../src/features/categories/classify-complaint';
import type { TicketPriority } from '../../src/db/database';

/** The default set of migration 0009, in its order (ties go to the earlier one). */
const split = (s: string) => s.split(',').filter((k) => k !== '');
const rules: CategoryRule[] = [
  [
    'listrik',
    'normal',
    'listrik,lampu,stop kontak,stopkontak,colokan,saklar,mcb,sekring,kabel,korslet,konslet,korsleting,mati lampu,padam,genset,lampu mati',
  ],
  ['ac', 'normal', 'ac,a/c,pendingin,air conditioner,freon,kipas,exhaust,dingin,panas'],
  [
    'air',
    'normal',
    'air,kran,keran,wastafel,toilet,wc,kloset,closet,urinoir,pipa,saluran,mampet,tersumbat,bocor pipa,pompa,tandon,galon,shower',
  ],
  [
    'bangunan',
    'normal',
    'atap,plafon,plafond,genteng,dinding,tembok,lantai,keramik,pintu,jendela,kaca,kunci,engsel,cat,retak,rembes,talang,tangga,pagar',
  ],
  [
    'it',
    'normal',
    'wifi,wi-fi,internet,jaringan,lan,router,proyektor,projector,komputer,pc,laptop,printer,lcd,layar,speaker,mic,mikrofon,sound,hdmi,email,server',
  ],
  ['kebersihan', 'rendah', 'kotor,sampah,bau,bersih,kebersihan,debu,sapu,pel,tikus,kecoa,semut,rayap,nyamuk'],
  ['keamanan', 'tinggi', 'keamanan,satpam,maling,pencurian,hilang,cctv,alarm,kebakaran,api,asap,apar,darurat,terkunci'],
  ['lainnya', 'normal', ''],
].map(([code, defaultPriority, keywords], i) => ({
  id: i + 1,
  code: code!,
  defaultPriority: defaultPriority as TicketPriority,
  keywords: split(keywords!),
}));

/** Complaints as campus staff write them (typos, informal spelling, emoji), their category code and priority. */
const examples: Array<[string, string | null, TicketPriority]> = [
  // Listrik
  ['stop kontak di lab 2 korslet, keluar asap', 'listrik', 'darurat'],
  ['Stopkontak R.301 konslet pak, ada percikan api 😱', 'listrik', 'darurat'],
  ['colokan di ruang dosen korsleting', 'listrik', 'tinggi'],
  ['Lampu ruang 204 mati', 'listrik', 'normal'],
  ['lampunya mati pak di lorong lt 3', 'listrik', 'normal'],
  ['lampuuu kelas B2 matiii 😭😭', 'listrik', 'normal'],
  ['lampu2 di parkiran gak nyala', 'listrik', 'normal'],
  ['mati lampu di gedung C dari tadi pagi', 'listrik', 'tinggi'],
  ['listrik padam di seluruh gedung rektorat', 'listrik', 'tinggi'],
  ['Gedung B mati total, listriknya turun semua', 'listrik', 'tinggi'],
  ['saklar lampu lab kimia rusak, kalau ditekan kesetrum', 'listrik', 'darurat'],
  ['tadi mahasiswa tersetrum waktu colok charger di kelas 105', 'listrik', 'darurat'],
  ['MCB sering turun di ruang server', 'listrik', 'normal'],
  ['kabel di bawah meja gosong, bau terbakar', 'listrik', 'darurat'],
  ['kabel proyektor di lt 2 ada yang terkelupas', 'listrik', 'normal'],
  ['stop kontak longgar, colokan suka copot. tidak mendesak', 'listrik', 'rendah'],
  ['korslet di panel lantai 1, memercik!!', 'listrik', 'darurat'],
  ['konsletingnya di ruang TU', 'listrik', 'tinggi'],
  // AC/Pendingin
  ['AC ruang 204 bocor 😭 tolong dicek ya', 'ac', 'tinggi'],
  ['a.c di ruang rapat tidak dingin', 'ac', 'normal'],
  ['A/C lab komputer netes air terus', 'ac', 'normal'],
  ['ac nya bocoor pak, airnya netes ke meja', 'ac', 'tinggi'],
  ['acnya panas banget 🔥🔥 ga dingin sama sekali', 'ac', 'normal'],
  ['Aircon ruang dekan berisik', 'ac', 'normal'],
  ['kipas angin kelas 3.2 mati', 'ac', 'normal'],
  ['exhaust di dapur kantin tidak berputar', 'ac', 'normal'],
  ['pendingin ruangan server mati, suhu naik', 'ac', 'normal'],
  ['ac perpus kalau sempat tolong dicuci, agak bau', 'ac', 'rendah'],
  // Air & Sanitasi
  ['toilet lt 2 mampet', 'air', 'tinggi'],
  ['WC cowok gedung A mampet, airnya meluap', 'air', 'tinggi'],
  ['kamar mandi dosen tersumbat', 'air', 'tinggi'],
  ['wastafel di pantry mampet', 'air', 'normal'],
  ['keran air di musholla patah', 'air', 'normal'],
  ['kran wudhu bocor terus', 'air', 'tinggi'],
  ['pipa di belakang kantin bocor pipa airnya muncrat ke jalan', 'air', 'darurat'],
  ['air di toilet perempuan tidak mengalir', 'air', 'tinggi'],
  ['pompa air tandon rusak', 'air', 'normal'],
  ['kloset duduk lt 4 retak', 'air', 'normal'],
  ['toilet di basement banjir pak!', 'air', 'darurat'],
  ['shower ruang ganti gak keluar air', 'air', 'normal'],
  // Bangunan & Atap
  ['atap ruang 101 bocor kalau hujan', 'bangunan', 'tinggi'],
  ['plafon kelas B3 mau jatuh, sudah melengkung', 'bangunan', 'normal'],
  ['plafond lorong jebol kena air hujan', 'bangunan', 'tinggi'],
  ['pintu ruang dosen tidak bisa dibuka', 'bangunan', 'tinggi'],
  ['Pintu lab tidak bisa masuk, kuncinya rusak', 'bangunan', 'tinggi'],
  ['kaca jendela kelas pecah kena bola', 'bangunan', 'tinggi'],
  ['Dinding ruang 305 retak', 'bangunan', 'normal'],
  ['keramik lantai 2 copot', 'bangunan', 'normal'],
  ['engsel jendela perpus lepas', 'bangunan', 'normal'],
  ['talang air di gedung D rusak, tembok rembes', 'bangunan', 'normal'],
  ['cat dinding aula mengelupas, gak buru2 kok', 'bangunan', 'rendah'],
  // Jaringan & IT
  ['wifi di perpustakaan lemot banget', 'it', 'normal'],
  ['Wi-Fi gedung C gak konek dari pagi', 'it', 'normal'],
  ['internet lab mati', 'it', 'normal'],
  ['proyektor R.204 tidak mau nyala', 'it', 'normal'],
  ['infokus di ruang seminar gambarnya goyang', 'it', 'normal'],
  ['projektor kelas 2.1 tdk ada gambar, kabel hdmi rusak', 'it', 'normal'],
  ['printer di TU macet kertasnya', 'it', 'normal'],
  ['komputr di lab 3 nomor 12 mati', 'it', 'normal'],
  ['mic di aula suaranya putus2', 'it', 'normal'],
  // Kebersihan
  ['sampah di depan gedung B numpuk', 'kebersihan', 'rendah'],
  ['toilet bau pesing banget', 'air', 'normal'],
  ['banyak kecoa di kantin', 'kebersihan', 'rendah'],
  ['ruang kelas kotor belum disapu', 'kebersihan', 'rendah'],
  ['ada tikus mati di lorong, bau banget 🤮', 'kebersihan', 'rendah'],
  ['sarang nyamuk di selokan belakang', 'kebersihan', 'rendah'],
  ['ada yang merokok di tangga darurat, asap rokok masuk kelas', 'bangunan', 'darurat'],
  // Keamanan
  ['CCTV di parkiran motor mati', 'keamanan', 'tinggi'],
  ['ada maling di parkiran, helm saya hilang', 'keamanan', 'tinggi'],
  ['laptop saya hilang dicuri di ruang baca', 'keamanan', 'tinggi'],
  ['alarm kebakaran bunyi terus padahal tidak ada api', 'keamanan', 'darurat'],
  ['kebakaran di gudang belakang!!! 🔥', 'keamanan', 'darurat'],
  ['asap tebal keluar dari ruang panel', 'keamanan', 'darurat'],
  ['isi APAR di gedung B sudah kadaluarsa', 'keamanan', 'tinggi'],
  ['ruang arsip terkunci, kuncinya hilang', 'keamanan', 'tinggi'],
  ['satpam pos depan tidak ada, tidak mendesak', 'keamanan', 'rendah'],
  // nothing recognised
  ['mohon dibantu pak, ada masalah di ruang 204', null, 'normal'],
  ['kursi kuliah di ruang 3.4 patah', null, 'normal'],
  ['meja dosen goyang', null, 'normal'],
  ['ruang 107 bocor', null, 'tinggi'],
  ['lift gedung rektorat macet, ada orang terjebak', null, 'darurat'],
  ['halaman depan banjir setinggi mata kaki', null, 'darurat'],
  ['', null, 'normal'],
  ['🙏🙏🙏', null, 'normal'],
];

describe('classifyComplaint', () => {
  const codeOf = (id: number | null) => (id === null ? null : rules.find((r) => r.id === id)!.code);

  it.each(examples)('When the complaint is %j, then it is %s with priority %s', (text, code, priority) => {
    const got = classifyComplaint(text, rules);
    expect({ code: codeOf(got.categoryId), priority: got.priority }).toEqual({ code, priority });
  });

  it('When the table is counted, then it holds at least 60 complaints', () => {
    expect(examples.length).toBeGreaterThanOrEqual(60);
  });

  it('When two categories are named equally often, then the earlier one in the list wins', () => {
    const reversed = [...rules].reverse();
    // "lampu" (Listrik) and "toilet" (Air): one hit each.
    expect(codeOf(classifyComplaint('lampu toilet mati', rules).categoryId)).toBe('listrik');
    expect(codeOf(classifyComplaint('lampu toilet mati', reversed).categoryId)).toBe('air');
  });

  it('When a category is inactive (left out of the rules), then its words no longer choose it', () => {
    const withoutIt = rules.filter((r) => r.code !== 'it');
    expect(classifyComplaint('wifi lemot', withoutIt).categoryId).toBeNull();
  });

  it('When a category defaults to tinggi and the text says nothing more, then tinggi stays', () => {
    expect(classifyComplaint('cctv lobby buram', rules).priority).toBe('tinggi');
  });

  it('When a phrase keyword is written as one word or split, then both match', () => {
    const only: CategoryRule[] = [{ id: 9, code: 'x', defaultPriority: 'normal', keywords: ['stop kontak'] }];
    expect(classifyComplaint('stopkontak rusak', only).categoryId).toBe(9);
    expect(classifyComplaint('stop-kontak rusak', only).categoryId).toBe(9);
    expect(classifyComplaint('kontak stop', only).categoryId).toBeNull();
  });
});
