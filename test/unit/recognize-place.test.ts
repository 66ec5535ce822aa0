import { placePrefix, recognizePlace, type PlaceRule } from '../../src/features/places/recognize-place';

/** A small campus: two buildings with a floor "Lantai 2" each, a toilet and a musala in both. */
const campus: PlaceRule[] = [
  { id: 1, kind: 'building', code: 'GA', name: 'Gedung A', parentId: null, aliases: [] },
  { id: 2, kind: 'building', code: 'GB', name: 'Gedung B', parentId: null, aliases: [] },
  { id: 3, kind: 'floor', code: 'GA-1', name: 'Lantai 1', parentId: 1, aliases: [] },
  { id: 4, kind: 'floor', code: 'GA-2', name: 'Lantai 2', parentId: 1, aliases: [] },
  { id: 5, kind: 'floor', code: 'GB-2', name: 'Lantai 2', parentId: 2, aliases: [] },
  { id: 6, kind: 'room', code: 'R-3.2', name: 'Kelas 3.2', parentId: 4, aliases: ['ruang 3.2'] },
  { id: 7, kind: 'room', code: 'B-204', name: 'Ruang 204', parentId: 5, aliases: [] },
  { id: 8, kind: 'room', code: 'LAB-K1', name: 'Lab Komputer 1', parentId: 3, aliases: ['labkom 1'] },
  { id: 9, kind: 'room', code: 'LAB-K2', name: 'Lab Komputer 2', parentId: 3, aliases: ['labkom 2'] },
  { id: 10, kind: 'room', code: 'GA-2-WC', name: 'Toilet', parentId: 4, aliases: ['wc', 'kamar mandi'] },
  { id: 11, kind: 'room', code: 'GB-2-WC', name: 'Toilet', parentId: 5, aliases: ['wc', 'kamar mandi'] },
  { id: 12, kind: 'room', code: 'GA-MUS', name: 'Musala', parentId: 1, aliases: ['mushola'] },
  { id: 13, kind: 'room', code: 'GB-MUS', name: 'Musala', parentId: 2, aliases: ['mushola'] },
  { id: 14, kind: 'room', code: 'AULA', name: 'Aula Utama', parentId: 1, aliases: ['aula'] },
  { id: 15, kind: 'room', code: 'PUS-1', name: 'Perpustakaan', parentId: 3, aliases: ['perpus'] },
];

/** A complaint as staff write it, and the code of the place it is about (null: none, or ambiguous). */
const examples: Array<[string, string | null]> = [
  // An explicit code wins: the QR prefix, then a code in the text.
  ['[R-3.2] lampu mati', 'R-3.2'],
  ['[r3.2] lampu mati', 'R-3.2'],
  ['  [B-204]   AC bocor', 'B-204'],
  ['[B-204] lampu kelas 3.2 mati', 'B-204'],
  ['[XX-9] lampu mati', null],
  ['R-3.2 lampu mati', 'R-3.2'],
  ['lampu r 3.2 mati', 'R-3.2'],
  ['AC R3.2 bocor', 'R-3.2'],
  ['lampu di r3,2 mati', 'R-3.2'],
  ['AC di r.3.2 netes', 'R-3.2'],
  ['AC b204 tidak dingin', 'B-204'],
  ['R-3.2 dan ruang 204 mati lampu', 'R-3.2'],
  ['R-3.2 dan B-204 mati lampu', null],
  ['GA-2 tepatnya R-3.2, stop kontak gosong', 'R-3.2'],
  // Names and aliases, as whole phrases.
  ['lampu kelas 3.2 mati', 'R-3.2'],
  ['Lampu Kelas 3.2 mati!!!', 'R-3.2'],
  ['KELAS 3.2: lampu mati', 'R-3.2'],
  ['lampu (kelas 3,2) mati', 'R-3.2'],
  ['kls 3.2 proyektor rusak', 'R-3.2'],
  ['AC ruang 3.2 bocor', 'R-3.2'],
  ['AC ruang 204 bocor', 'B-204'],
  ['AC ruangan 204 bocor', 'B-204'],
  ['kipas r. 204 mati', 'B-204'],
  ['ruang 204 lantai 2 gedung B plafon bocor', 'B-204'],
  ['proyektor lab komputer 1', 'LAB-K1'],
  ['proyektor laboratorium komputer 2 tidak nyala', 'LAB-K2'],
  ['wifi labkom 1 lemot', 'LAB-K1'],
  ['perpus berisik, AC mati', 'PUS-1'],
  ['AC perpustakaan kurang dingin', 'PUS-1'],
  ['kursi aula patah', 'AULA'],
  ['sound system aula utama mendengung', 'AULA'],
  // The most specific place, helped by the building or floor named with it.
  ['toilet lantai 2 gedung B mampet', 'GB-2-WC'],
  ['wc lantai 2 gedung A bau', 'GA-2-WC'],
  ['kamar mandi gedung B kran bocor', 'GB-2-WC'],
  ['tempat wudhu mushola gedung A bocor', 'GA-MUS'],
  ['musala gedung B karpet kotor', 'GB-MUS'],
  ['lantai 2 gedung A bocor waktu hujan', 'GA-2'],
  ['gedung A lantai 1 lampu koridor mati', 'GA-1'],
  ['lantai 1 kotor', 'GA-1'],
  ['AC gedung B panas semua', 'GB'],
  // Ambiguous: two different places match equally — never guess.
  ['toilet lantai 2 mampet', null],
  ['kamar mandi bau', null],
  ['musala karpet basah', null],
  ['lantai 2 licin', null],
  ['gedung A dan gedung B mati listrik', null],
  // Nothing that names a known place.
  ['lampu mati', null],
  ['', null],
  ['proyektor lab komputer mati', null],
  ['lampu kelas 3 mati', null],
  ['lampu kelas 3.20 mati', null],
  ['AC 204 bocor', null],
  ['aulanya kotor', null],
  ['gedung C bocor', null],
];

describe('recognizePlace', () => {
  it.each(examples)('When the complaint is %j, then the place is %s', (complaint, code) => {
    expect(recognizePlace(complaint, campus)?.code ?? null).toBe(code);
  });

  it('When no places exist, then nothing is recognised', () => {
    expect(recognizePlace('[R-3.2] lampu kelas 3.2 mati', [])).toBeNull();
  });

  it('When a letters-only code stands in the text, then it is not read as a code', () => {
    expect(recognizePlace('lampu GB mati', campus)).toBeNull();
    expect(recognizePlace('[GB] lampu mati', campus)?.code).toBe('GB');
  });
});

describe('placePrefix', () => {
  it('When the complaint starts with a known code in brackets, then the rest is the complaint without it', () => {
    expect(placePrefix('[R-3.2] lampu mati', campus)).toEqual({ place: campus[5], rest: 'lampu mati' });
  });

  it('When the bracketed code is unknown, then there is no prefix and the complaint stays as typed', () => {
    expect(placePrefix('[XX-9] lampu mati', campus)).toBeNull();
  });
});
