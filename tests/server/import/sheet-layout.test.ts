import { describe, expect, it } from 'vitest';
import { guessMapping, headerSignature } from '@/server/import/column-guess';
import { detectLayout, isTotalsRow, LayoutError, type SheetRow } from '@/server/import/sheet-layout';

const sheet = (...rows: string[][]): SheetRow[] => rows.map((cells, i) => ({ row: i + 1, cells }));

function layoutError(rows: SheetRow[]): LayoutError {
  try {
    detectLayout(rows);
  } catch (error) {
    if (error instanceof LayoutError) return error;
    throw error;
  }
  throw new Error('no LayoutError');
}

describe('finding the header', () => {
  it('skips title lines above the header', () => {
    const layout = detectLayout(
      sheet(
        ['DATA UMKM BINAAN KOTA BANJARMASIN'],
        ['Tahun 2024'],
        [],
        ['No', 'Nama Usaha', 'Nama Pemilik', 'Kelurahan'],
        ['1', 'Kue Sari', 'Sari', 'Mantuil'],
      ),
    );
    expect(layout.headerRows).toEqual([4]);
    expect(layout.titleRows).toEqual([1, 2]);
    expect(layout.dataRows).toEqual([{ row: 5, cells: ['1', 'Kue Sari', 'Sari', 'Mantuil'] }]);
  });

  it('joins a two-row header whose parent is merged (repeated) over its children', () => {
    const layout = detectLayout(
      sheet(
        ['Nama Usaha', 'Alamat', 'Alamat', 'No HP'],
        ['Nama Usaha', 'Kecamatan', 'Kelurahan', 'No HP'],
        ['Kue Sari', 'Banjarmasin Selatan', 'Mantuil', '0812'],
      ),
    );
    expect(layout.headerRows).toEqual([1, 2]);
    expect(layout.labels).toEqual(['Nama Usaha', 'Alamat / Kecamatan', 'Alamat / Kelurahan', 'No HP']);
  });

  it('joins a two-row header saved to CSV, where the merged parent is followed by empty cells', () => {
    const layout = detectLayout(
      sheet(
        ['No', 'Nama Usaha', 'Alamat', '', 'Pemilik'],
        ['', '', 'Kecamatan', 'Kelurahan', ''],
        ['1', 'Kue', 'Banjarmasin Selatan', 'Mantuil', 'Sari'],
      ),
    );
    expect(layout.labels).toEqual([
      'No',
      'Nama Usaha',
      'Alamat / Kecamatan',
      'Alamat / Kelurahan',
      'Pemilik',
    ]);
    expect(layout.dataRows).toHaveLength(1);
  });

  it('does not take a first data row of plain text for a sub-header', () => {
    const layout = detectLayout(
      sheet(
        ['Nama Usaha', 'Nama Pemilik', 'Kelurahan'],
        ['Kue Sari', 'Sari', 'Mantuil'],
        ['Amplang', 'Anang', 'Melayu'],
      ),
    );
    expect(layout.headerRows).toEqual([1]);
    expect(layout.dataRows).toHaveLength(2);
  });

  it('refuses a sheet without a recognisable header', () => {
    expect(layoutError(sheet(['Laporan kegiatan'], ['1', '2', '3'], ['4', '5', '6'])).reason).toBe(
      'noHeader',
    );
  });

  it('refuses a sheet with a header and no data', () => {
    expect(layoutError(sheet(['Nama Usaha', 'Pemilik', 'Kelurahan'], [])).reason).toBe('empty');
  });
});

describe('data rows', () => {
  it('leaves out blank rows, totals rows and a header repeated at a page break', () => {
    const layout = detectLayout(
      sheet(
        ['Nama Usaha', 'Pemilik', 'Kelurahan', 'Omzet'],
        ['Kue', 'Sari', 'Mantuil', '1.000.000'],
        ['', '', '', ''],
        ['Nama Usaha', 'Pemilik', 'Kelurahan', 'Omzet'],
        ['Amplang', 'Anang', 'Melayu', '2.000.000'],
        ['JUMLAH', '', '', '3.000.000'],
      ),
    );
    expect(layout.dataRows.map((row) => row.row)).toEqual([2, 5]);
    expect(layout.blankRows).toBe(1);
    expect(layout.totalsRows).toEqual([6]);
    expect(layout.titleRows).toEqual([4]);
  });

  it('tells totals rows from businesses whose name starts like one', () => {
    expect(isTotalsRow(['Total', '', '62.500.000'])).toBe(true);
    expect(isTotalsRow(['', 'Jumlah', '12', '3.000.000'])).toBe(true);
    expect(isTotalsRow(['Total Laundry', 'Rina', 'Pasar Lama'])).toBe(false);
  });

  it('keeps a few ragged rows with their stray values, refuses a file where many are', () => {
    const rows = [['Nama Usaha', 'Pemilik', 'Kelurahan']];
    for (let i = 0; i < 20; i += 1) rows.push([`Usaha ${i}`, 'P', 'Mantuil']);
    rows.push(['Usaha x', 'P', 'Mantuil', 'geser']);
    const layout = detectLayout(sheet(...rows));
    expect(layout.ragged.get(22)).toEqual(['geser']);
    expect(layout.dataRows.at(-1)?.cells).toEqual(['Usaha x', 'P', 'Mantuil', 'geser']);

    const broken = [['Nama Usaha', 'Pemilik', 'Kelurahan']];
    for (let i = 0; i < 10; i += 1) broken.push([`Usaha ${i}`, 'P', 'Mantuil', 'x', 'y']);
    const error = layoutError(sheet(...broken));
    expect(error.reason).toBe('ragged');
    expect(error.rows).toEqual([2, 3, 4, 5, 6]);
  });
});

describe('guessing the mapping', () => {
  it('maps the Indonesian header names officers use', () => {
    expect(
      guessMapping([
        'No',
        'Nama Usaha',
        'Nama Pemilik',
        'NIK',
        'No HP/WA',
        'Alamat',
        'Kecamatan',
        'Kelurahan/Desa',
        'Jenis Usaha',
        'KBLI',
        'NIB',
        'Omzet per Tahun (Rp)',
        'Modal Usaha',
        'Jumlah Tenaga Kerja',
        'Tahun Berdiri',
        'Bentuk Usaha',
        'Sertifikat Halal',
        'P-IRT',
        'Pendamping',
      ]),
    ).toEqual([
      null,
      'name',
      'ownerName',
      'ownerNik',
      'phone',
      'address',
      'districtCode',
      'villageCode',
      'sector',
      'kbli',
      'nib',
      'annualSales',
      'capital',
      'employees',
      'yearStarted',
      'legalForm',
      'halal',
      'pirt',
      'coach',
    ]);
  });

  it('tolerates typos and prefers the specific part of a two-row label', () => {
    expect(guessMapping(['Nama Usaha', 'Nama', 'Kecamtan', 'Alamat / Kelurahan', 'Telpon'])).toEqual([
      'name',
      'ownerName',
      'districtCode',
      'villageCode',
      'phone',
    ]);
  });

  it('maps each field to one column at most', () => {
    const mapping = guessMapping(['Nama Usaha', 'Nama Usaha (Merek)', 'Pemilik']);
    expect(mapping.filter((field) => field === 'name')).toHaveLength(1);
  });

  it('gives the same signature to the same headers in another case, another to other headers', () => {
    expect(headerSignature(['Nama Usaha', 'Kelurahan'])).toBe(headerSignature(['NAMA USAHA', 'kelurahan']));
    expect(headerSignature(['Nama Usaha', 'Kelurahan'])).not.toBe(
      headerSignature(['Kelurahan', 'Nama Usaha']),
    );
  });
});
