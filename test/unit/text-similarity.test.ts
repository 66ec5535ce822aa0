import { meaningfulTokens, similarComplaints } from '../../src/features/followers/text-similarity';

describe('similarComplaints (the "clearly similar text" of a duplicate offer)', () => {
  test.each([
    ['lampu kelas 3.2 mati', 'lampu di kelas 3.2 mati lagi', true],
    ['Lampu MATI total!!', 'lampu mati', true],
    ['proyektor tidak menyala, kabel hdmi hilang', 'kabel HDMI proyektor hilang lagi', true],
    ['air wastafel tidak mengalir', 'wastafel: air tidak mengalir sejak pagi', true],
    ['AC bocor netes ke meja', 'ac bocor', true],
    // one shared word is not enough, however short the complaints
    ['lampu mati', 'AC mati', false],
    ['ruang 3.2 proyektor mati', 'lampu kelas 3.2 mati', false],
    // a room number names the place, not the fault
    ['kelas 3.2 kotor', 'kelas 3.2 bau', false],
    // politeness and place words say nothing about the fault
    ['mohon bantuan pak, di ruang 204', 'tolong bu ruang 204 segera', false],
    ['', 'lampu mati', false],
    ['keran wastafel bocor', 'pintu toilet rusak engselnya', false],
  ])('"%s" vs "%s" → %s', (a, b, similar) => {
    expect(similarComplaints(a, b)).toBe(similar);
    expect(similarComplaints(b, a)).toBe(similar);
  });

  test('When both complaints name the place by its own words, then those words do not make them alike', () => {
    const lab = ['Lab Komputer 1', 'lab kom satu', 'laboratorium komputer'];
    expect(similarComplaints('meja lab kom satu goyang', 'AC lab kom satu bocor')).toBe(true);
    expect(similarComplaints('meja lab kom satu goyang', 'AC lab kom satu bocor', lab)).toBe(false);
    expect(similarComplaints('proyektor lab komputer mati', 'lab komputer: proyektor tidak mau mati', lab)).toBe(true);
  });

  test('When a complaint has accents, numbers and fillers, then only its meaningful words are compared', () => {
    expect([...meaningfulTokens('Café lt.2 ruang 3.2: lampu sudah mati ya pak')]).toEqual(['cafe', 'lampu', 'mati']);
  });
});
