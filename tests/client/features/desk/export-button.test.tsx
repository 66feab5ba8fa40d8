/**
 * The export control against the real server (embedded database; `app.request` stands in for the
 * network): rows counted while a city-sized file arrives, in CSV and XLSX; the file saved only
 * when complete; the screen's filters and the NIK choice sent; offline and broken downloads said
 * plainly, with nothing saved.
 */
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Providers } from '@/client/app/providers';
import { localDb } from '@/client/data/local-db';
import { saveSession } from '@/client/data/session-repository';
import { ExportButton } from '@/client/features/desk/export-button';
import { csvRowCounter } from '@/client/features/desk/export-download';
import type { ExportDataset } from '@/shared/domain/export';
import { seedServerDataset } from '../../../helpers/large-dataset-server';
import { startTestServer, type TestServer } from '../../../helpers/server';
import { readCsv, readXlsx } from '../../../helpers/xlsx-reader';
import { makeSession, resetClientState } from '../../render-app';

let s: TestServer;
/** What the stubbed network does with an export's bytes; by default it passes them on whole. */
let deliver: (bytes: Uint8Array) => ReadableStream<Uint8Array>;
let online = true;
const requested: string[] = [];
const saved: Array<{ name: string; blob: Blob }> = [];

function whole(bytes: Uint8Array) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

/** Sends `bytes` up to `cut`, waits for `gate`, then sends the rest. */
function inTwoParts(cut: (bytes: Uint8Array) => number, gate: Promise<void>) {
  return (bytes: Uint8Array) =>
    new ReadableStream<Uint8Array>({
      async start(controller) {
        const at = cut(bytes);
        controller.enqueue(bytes.slice(0, at));
        await gate;
        controller.enqueue(bytes.slice(at));
        controller.close();
      },
    });
}

function gate() {
  let open = () => undefined as void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** The byte offset just after the `records`-th CRLF outside quotes of a CSV. */
function afterRecords(records: number) {
  return (bytes: Uint8Array) => {
    let quoted = false;
    let seen = 0;
    for (let i = 0; i < bytes.length; i += 1) {
      if (bytes[i] === 0x22) quoted = !quoted;
      if (!quoted && bytes[i] === 0x0a && bytes[i - 1] === 0x0d && ++seen === records) return i + 1;
    }
    throw new Error('not that many records');
  };
}

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(
    await new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error ?? new Error('read failed'));
      reader.readAsArrayBuffer(blob);
    }),
  );
}

beforeEach(async () => {
  s = await startTestServer('embedded');
  await resetClientState();
  await saveSession(localDb, { ...makeSession('coordinator'), token: await s.login('koor-a') });
  online = true;
  deliver = whole;
  requested.length = 0;
  saved.length = 0;
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async (input, init) => {
      if (!online) throw new TypeError('Failed to fetch');
      const path = typeof input === 'string' ? input : input.toString();
      requested.push(path);
      const response = await s.app.request(path, init);
      if (!path.startsWith('/api/exports/') || !response.ok) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      return new Response(deliver(bytes), { status: response.status, headers: response.headers });
    }),
  );
  let next = 0;
  Object.defineProperty(URL, 'createObjectURL', {
    configurable: true,
    value: vi.fn((blob: Blob) => {
      saved.push({ name: '', blob });
      next += 1;
      return `blob:export-${next}`;
    }),
  });
  Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: vi.fn() });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const last = saved[saved.length - 1];
    if (last) last.name = this.download;
  });
}, 60_000);
afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  localStorage.clear();
  await s.dispose();
});

function renderButton(dataset: ExportDataset, filters: Record<string, string | undefined> = {}) {
  return render(
    <Providers language="id">
      <ExportButton dataset={dataset} filters={filters} />
    </Providers>,
  );
}

async function seedCity(count: number) {
  await seedServerDataset(s.database, {
    organisationId: s.fixture.orgA,
    coachId: s.fixture.coachA,
    regionCode: '63.71',
    businesses: count,
    visits: 0,
    seed: 3,
  });
}

describe('export button', () => {
  it('counts CSV rows as they arrive ("1.200 dari 3.002 baris") and saves the file only when it is complete', async () => {
    await seedCity(3_000);
    const user = userEvent.setup();
    const release = gate();
    // The header and 1,200 rows first; the rest when the test says.
    deliver = inTwoParts(afterRecords(1_201), release.opened);
    renderButton('businesses');
    const group = await screen.findByRole('group', { name: 'Ekspor data usaha' });
    await user.selectOptions(
      within(group).getByRole('combobox', { name: 'Format berkas' }),
      'CSV (.csv, UTF-8)',
    );
    await user.click(within(group).getByRole('button', { name: 'Ekspor' }));

    expect(await screen.findByText('Mengekspor… 1.200 dari 3.002 baris')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Kemajuan ekspor' })).toHaveAttribute('max', '3002');
    expect(within(group).getByRole('button', { name: 'Ekspor' })).toBeDisabled();
    expect(saved).toEqual([]);

    release.open();
    const done = await screen.findByText(
      /^Berkas usaha-\d{4}-\d{2}-\d{2}\.csv tersimpan \(3\.002 baris\)\.$/,
    );
    expect(done).toBeInTheDocument();
    expect(saved).toHaveLength(1);
    expect(saved[0]?.name).toMatch(/^usaha-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = readCsv(new TextDecoder().decode(await blobBytes(saved[0]?.blob ?? new Blob())));
    expect(rows).toHaveLength(3_003);
    expect(rows[0]?.slice(0, 2)).toEqual(['ID usaha', 'Nama usaha']);
    // The object URL is let go once the browser has the file.
    await waitFor(() => expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:export-1'));
  }, 60_000);

  it('counts XLSX rows by inflating the sheet on the way, and saves a workbook that opens', async () => {
    await seedCity(3_000);
    const user = userEvent.setup();
    const release = gate();
    deliver = inTwoParts((bytes) => Math.floor(bytes.length * 0.6), release.opened);
    renderButton('businesses');
    await user.click(await screen.findByRole('button', { name: 'Ekspor' }));

    const partial = await screen.findByText((text) => {
      const match = /^Mengekspor… ([\d.]+) dari 3\.002 baris$/.exec(text);
      return match !== null && Number((match[1] ?? '').replace(/\./g, '')) > 0;
    });
    const counted = Number((/([\d.]+) dari/.exec(partial.textContent ?? '')?.[1] ?? '').replace(/\./g, ''));
    expect(counted).toBeGreaterThan(0);
    expect(counted).toBeLessThan(3_002);
    expect(saved).toEqual([]);

    release.open();
    expect(
      await screen.findByText(/usaha-\d{4}-\d{2}-\d{2}\.xlsx tersimpan \(3\.002 baris\)/),
    ).toBeInTheDocument();
    const sheet = readXlsx(await blobBytes(saved[0]?.blob ?? new Blob()));
    expect(sheet.rows).toHaveLength(3_003);
    expect(saved[0]?.blob.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  }, 60_000);

  it('sends the screen’s filters, and NIK only when ticked', async () => {
    const user = userEvent.setup();
    renderButton('businesses', { districtCode: '63.71.01', q: '', coachId: undefined });
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Format berkas' }),
      'CSV (.csv, UTF-8)',
    );
    await user.click(screen.getByRole('button', { name: 'Ekspor' }));
    await screen.findByText(/tersimpan \(2 baris\)/);
    expect(requested.filter((p) => p.startsWith('/api/exports/'))).toEqual([
      '/api/exports/businesses?districtCode=63.71.01&format=csv',
    ]);
    const first = readCsv(new TextDecoder().decode(await blobBytes(saved[0]?.blob ?? new Blob())));
    expect(first[0]).not.toContain('NIK pemilik');

    await user.click(screen.getByRole('checkbox', { name: 'Sertakan NIK pemilik' }));
    await user.click(screen.getByRole('button', { name: 'Ekspor' }));
    await waitFor(() => expect(saved).toHaveLength(2));
    expect(requested.filter((p) => p.startsWith('/api/exports/'))[1]).toBe(
      '/api/exports/businesses?districtCode=63.71.01&includeNik=true&format=csv',
    );
    const second = readCsv(new TextDecoder().decode(await blobBytes(saved[1]?.blob ?? new Blob())));
    expect(second[0]).toContain('NIK pemilik');
    expect(second[1]).toContain('6371014507850001');
  });

  it('offers the NIK choice only for businesses', async () => {
    renderButton('visits', { state: 'approved' });
    expect(await screen.findByRole('group', { name: 'Ekspor data kunjungan' })).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('says plainly that exporting needs a connection, and saves nothing', async () => {
    const user = userEvent.setup();
    online = false;
    renderButton('visits');
    await user.click(await screen.findByRole('button', { name: 'Ekspor' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Ekspor perlu koneksi internet. Periksa koneksi lalu coba lagi.',
    );
    expect(saved).toEqual([]);
    // Back online, the same button works.
    online = true;
    await user.click(screen.getByRole('button', { name: 'Ekspor' }));
    expect(
      await screen.findByText(/kunjungan-\d{4}-\d{2}-\d{2}\.xlsx tersimpan \(0 baris\)/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('keeps no half file when the download breaks off', async () => {
    const user = userEvent.setup();
    deliver = (bytes) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, 100));
          controller.error(new TypeError('network error'));
        },
      });
    renderButton('businesses');
    await user.click(await screen.findByRole('button', { name: 'Ekspor' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Unduhan terputus sebelum selesai, jadi berkas tidak disimpan. Coba lagi.',
    );
    expect(saved).toEqual([]);
  });

  it('can be cancelled while the file arrives', async () => {
    await seedCity(1_500);
    const user = userEvent.setup();
    const never = gate();
    deliver = inTwoParts(afterRecords(501), never.opened);
    renderButton('businesses');
    await user.selectOptions(
      await screen.findByRole('combobox', { name: 'Format berkas' }),
      'CSV (.csv, UTF-8)',
    );
    await user.click(screen.getByRole('button', { name: 'Ekspor' }));
    await screen.findByText('Mengekspor… 500 dari 1.502 baris');
    await user.click(screen.getByRole('button', { name: 'Batalkan' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Ekspor dibatalkan; tidak ada berkas yang disimpan.',
    );
    expect(saved).toEqual([]);
  }, 60_000);
});

describe('csv row counter', () => {
  it('counts records, not line breaks inside quoted fields', () => {
    const counter = csvRowCounter();
    const text = 'a,b\r\n"satu\r\ndua",x\r\n"kue ""enak""",y\r\n';
    const bytes = new TextEncoder().encode(text);
    // Split inside a quoted field and between CR and LF.
    for (const part of [bytes.slice(0, 9), bytes.slice(9, 17), bytes.slice(17)]) counter.push(part);
    expect(counter.rows()).toBe(2);
  });
});
