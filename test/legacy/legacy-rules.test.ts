import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLegacyCsvDirectory } from '../../src/features/legacy/legacy-csv-source';
import { legacyPhone } from '../../src/features/legacy/legacy-people.plan';
import { legacyInstant, stampSlipHours } from '../../src/features/legacy/legacy-time';
import { complaintOf, splitTrackingNo } from '../../src/features/legacy/legacy-tickets.plan';
import { jakarta, wib } from './legacy-fixture';

/* The legacy importer's pure rules: old times, phones, numbers and texts. */
describe('legacy import rules', () => {
  test('When an old date and time are read, then they are Jakarta wall-clock time, moved by the clock offset', () => {
    expect(legacyInstant('2024-03-01', '18:27:43', jakarta)).toBe(wib(2024, 3, 1, 18, 27, 43));
    expect(legacyInstant('2024-09-17', '02:31:23', { timezone: 'Asia/Jakarta', offsetHours: 5 })).toBe(wib(2024, 9, 17, 7, 31, 23));
    expect(legacyInstant('2024-09-17', '7:31', jakarta)).toBe(wib(2024, 9, 17, 7, 31, 0));
    expect(legacyInstant('2024-03-01', '18:27:43', { timezone: 'UTC', offsetHours: 0 })).toBe(Date.UTC(2024, 2, 1, 18, 27, 43));
  });

  test.each([
    ['0000-00-00', '00:00:00'],
    ['2024-04-31', '08:00:00'],
    ['2024-02-30', '08:00:00'],
    ['2024-09-17', '25:00:00'],
    ['17/09/2024', '08:00:00'],
    ['', ''],
    [null, null],
  ])('When the old date is %j %j, then it is no instant', (d, t) => {
    expect(legacyInstant(d, t, jakarta)).toBeUndefined();
  });

  test('When a report text ends with the timestamp the old code appended, then the hours between it and jam are measured', () => {
    expect(stampSlipHours('2024-09-17', '07:31:23', '(Request) REQUEST toilet kotor 2024-09-17 02:31:23')).toBe(5);
    expect(stampSlipHours('2024-09-17', '07:31:23', '(Request) toilet kotor')).toBeUndefined();
  });

  test.each([
    ['6282111476069', '6282111476069', false],
    ['085825335908', '6285825335908', false],
    ['+62 812-1393-0117', '6281213930117', false],
    ['85770347339', '6285770347339', true],
  ])('When an old phone is %j, then it is stored as %s', (raw, phone, repaired) => {
    expect(legacyPhone(raw)).toEqual({ phone, repaired });
  });

  test.each(['', '-', '12345', '021555', '8123'])('When an old phone is %j, then it is no mobile number', (raw) => {
    expect(legacyPhone(raw)).toBeUndefined();
  });

  test('When old tracking numbers are split, then prefix, month and sequence come apart and anything else is refused', () => {
    expect(splitTrackingNo(' mon2403002 ')).toEqual({ no: 'MON2403002', prefix: 'MON', yymm: '2403', seq: 2 });
    expect(splitTrackingNo('BRT24091000')).toEqual({ no: 'BRT24091000', prefix: 'BRT', yymm: '2409', seq: 1000 });
    for (const bad of ['BRT24', 'BRT2413001', '2403002', 'MON-2403002', '']) expect(splitTrackingNo(bad)).toBeUndefined();
  });

  test('When an old report text is cleaned, then the (Request) mark, the keyword and the appended timestamp go and the words stay', () => {
    expect(complaintOf('(Request) #request pagar gakbisa ditutup 2024-09-16 14:28:52')).toBe('pagar gakbisa ditutup');
    expect(complaintOf('(Request) Request Lampu Perkuliahan Padam')).toBe('Lampu Perkuliahan Padam');
    expect(complaintOf('#tolong kran bocor')).toBe('kran bocor');
    expect(complaintOf('requestnya lampu')).toBe('requestnya lampu');
  });

  test('When a CSV export has its columns in another order, an extra column, NULL, a quoted line break, or no header, then each value lands in its column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wa-legacy-csv-'));
    try {
      writeFileSync(
        join(dir, 'repo_layananbri_tb_track.csv'),
        '"catatan";"id";"warna";"idm";"id_track";"tanggal";"jam"\r\n"baris ""satu""\r\nbaris dua";"7";"merah";"3";"BRT2409001";"2024-09-16";NULL\r\n',
      );
      writeFileSync(join(dir, 'tb_in.csv'), '"1","2024-09-16","19:30:25","#cek BRT2409001","ok","BRT2409001","6282111476069",""\n');
      const { snapshot, missing } = readLegacyCsvDirectory(dir);
      expect(snapshot.tb_track).toEqual([
        {
          ref: 'tb_track id=7',
          values: { id: '7', idm: '3', id_track: 'BRT2409001', tanggal: '2024-09-16', jam: null, catatan: 'baris "satu"\r\nbaris dua' },
        },
      ]);
      expect(snapshot.tb_in[0]!.values).toMatchObject({ idn: '1', pesan: '#cek BRT2409001', telepon: '6282111476069' });
      expect(missing).toEqual(['tb_pegawai', 'tb_admin', 'tb_monitoring', 'tb_penugasan', 'tb_kerja']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
