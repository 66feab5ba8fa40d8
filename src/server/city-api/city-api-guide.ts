/**
 * The city API's guide for programmers of other departments (GET /api/v1/docs): how to get a
 * token, send it, walk the pages, respect the limit and read the errors, with curl, Python and
 * JavaScript. Indonesian first, English below. Plain server-rendered HTML like docs-page.ts: no
 * script and no CDN, so it reads on an intranet and needs nothing of the content security policy.
 * The field-by-field reference is the OpenAPI document it links to.
 */
import { PAGE_DEFAULT, PAGE_MAX } from './city-api-schemas';
import type { RateLimit } from './api-token-store';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const code = (text: string) => `<pre><code>${escapeHtml(text.trim())}</code></pre>`;

function curlExample(base: string): string {
  return `
export BINAAN_TOKEN='bnn_…'   # dari koordinator / from the coordinator
curl -s -H "Authorization: Bearer $BINAAN_TOKEN" \\
  "${base}/api/v1/businesses?limit=500&district_code=63.71.01"
# halaman berikutnya / next page:
curl -s -H "Authorization: Bearer $BINAAN_TOKEN" \\
  "${base}/api/v1/businesses?limit=500&cursor=<next_cursor>"`;
}

function pythonExample(base: string): string {
  return `
# Python 3, hanya pustaka standar / standard library only
import json, os, time, urllib.error, urllib.parse, urllib.request

BASE = "${base}/api/v1"
TOKEN = os.environ["BINAAN_TOKEN"]

def get(path, params):
    url = f"{BASE}{path}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}"})
    while True:
        try:
            with urllib.request.urlopen(request) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 429:  # batas permintaan / rate limit
                time.sleep(int(error.headers.get("Retry-After", "60")))
                continue
            raise RuntimeError(json.load(error)["error"]["message"])

def sync_businesses(cursor=None):
    """Ambil semua perubahan sejak cursor; kembalikan cursor baru untuk lain kali."""
    while True:
        params = {"limit": 500}
        if cursor:
            params["cursor"] = cursor
        page = get("/businesses", params)
        for business in page["data"]:
            if business["deleted_at"]:
                print("hapus / delete", business["id"])
            else:
                print("simpan / upsert", business["id"], business["name"])
        cursor = page["next_cursor"] or cursor
        if not page["has_more"]:
            return cursor  # simpan untuk besok / keep it for tomorrow

saved = sync_businesses()`;
}

function javascriptExample(base: string): string {
  return `
// Node.js 18+ atau peramban / or a browser (fetch)
const BASE = '${base}/api/v1';
const TOKEN = process.env.BINAAN_TOKEN;

async function get(path, params) {
  const url = \`\${BASE}\${path}?\${new URLSearchParams(params)}\`;
  for (;;) {
    const response = await fetch(url, { headers: { Authorization: \`Bearer \${TOKEN}\` } });
    if (response.status === 429) {
      const seconds = Number(response.headers.get('Retry-After') ?? 60);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      continue;
    }
    const body = await response.json();
    if (!response.ok) throw new Error(body.error.message);
    return body;
  }
}

async function syncVisits(cursor) {
  for (;;) {
    const page = await get('/visits', cursor ? { limit: 500, cursor } : { limit: 500 });
    for (const visit of page.data) console.log(visit.deleted_at ? 'delete' : 'upsert', visit.id);
    cursor = page.next_cursor ?? cursor;
    if (!page.has_more) return cursor; // simpan / keep it
  }
}

const saved = await syncVisits(undefined);`;
}

export function renderCityApiGuide(input: { base: string; rateLimit: RateLimit }): string {
  const base = input.base.replace(/\/$/, '');
  const limit = input.rateLimit.requests;
  const seconds = Math.round(input.rateLimit.windowMs / 1000);
  return `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>binaan — API data UMKM kota (v1)</title>
<style>
body{font:16px/1.55 system-ui,sans-serif;max-width:56rem;margin:0 auto;padding:1rem;color:#1b1f24}
h1{margin-bottom:.25rem}h2{margin-top:2rem;border-top:1px solid #d0d7de;padding-top:1rem}h3{margin-bottom:.25rem}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:.85rem}code{font-size:.9em}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.25rem .5rem;text-align:left;vertical-align:top}
.en{color:#424a53}
</style></head><body>
<h1>API data UMKM kota — versi 1</h1>
<p>Untuk sistem dinas lain (dasbor wali kota, perizinan, Bappeda, …) yang perlu membaca data UMKM binaan: usaha dengan
kode wilayah Kemendagri, KBLI dan NIB; kunjungan pendampingan; dan angka ringkasan kota. API ini hanya-baca, berbentuk
JSON di atas HTTPS, dan bisa dipakai dari bahasa pemrograman apa pun.</p>
<p>Rujukan lengkap setiap kolom: <a href="${escapeHtml(`${base}/api/v1/openapi.json`)}">/api/v1/openapi.json</a>
(OpenAPI 3.1; bisa dipakai untuk membuat klien otomatis) dan <a href="/api/docs">/api/docs</a>.</p>

<h2>1. Minta token</h2>
<p>Koordinator dinas membuat token di menu <strong>API kota</strong> (Koordinator → API): nama sistem pemakainya, apa yang
boleh dibaca (<code>businesses</code>, <code>visits</code>, <code>statistics</code>), dan apakah data pribadi
(nama pemilik, NIK, nomor HP) ikut dikirim. Token berbentuk <code>bnn_…</code> dan <strong>hanya ditampilkan sekali</strong>:
simpan di tempat rahasia (variabel lingkungan, brankas rahasia), jangan di kode sumber. Server hanya menyimpan sidik
SHA-256-nya. Token bisa dicabut kapan saja; setiap pemakaian tercatat dan bisa dilihat koordinator.</p>
<p>Data pribadi dilindungi UU 27/2022 tentang Pelindungan Data Pribadi: mintalah token dengan data pribadi hanya bila
tugas sistem Anda memerlukannya.</p>

<h2>2. Kirim token di setiap permintaan</h2>
${code('Authorization: Bearer bnn_…')}
<p>Token ini hanya berlaku di <code>/api/v1/…</code>; sesi login orang tidak diterima di sini, dan token ini tidak
diterima di bagian lain aplikasi.</p>

<h2>3. Alamat</h2>
<table>
<tr><th>Alamat</th><th>Cakupan token</th><th>Isi</th></tr>
<tr><td><code>GET /api/v1/businesses</code></td><td><code>businesses</code></td><td>Daftar usaha, per halaman.
Saringan: <code>district_code</code> (kecamatan, mis. <code>63.71.01</code>), <code>village_code</code>
(kelurahan/desa, mis. <code>63.71.01.1001</code>), <code>kbli</code> (5 angka), <code>updated_since</code>,
<code>include_deleted</code>.</td></tr>
<tr><td><code>GET /api/v1/businesses/{id}</code></td><td><code>businesses</code></td><td>Satu usaha.</td></tr>
<tr><td><code>GET /api/v1/visits</code></td><td><code>visits</code></td><td>Kunjungan pendampingan, per halaman
(saringan <code>business_id</code>, <code>updated_since</code>, <code>include_deleted</code>). Draf tidak ikut.</td></tr>
<tr><td><code>GET /api/v1/statistics</code></td><td><code>statistics</code></td><td>Angka kota: per kecamatan dan
status, per kelas usaha (PP 7/2021), per sektor, kunjungan per bulan (12 bulan), cakupan pendampingan.</td></tr>
</table>

<h2>4. Halaman dan sinkronisasi</h2>
<p>Daftar dikirim per halaman (<code>limit</code>, bawaan ${PAGE_DEFAULT}, paling banyak ${PAGE_MAX}) dengan urutan
perubahan. Setiap jawaban berisi <code>data</code>, <code>next_cursor</code> dan <code>has_more</code>:</p>
<ol>
<li>Permintaan pertama tanpa <code>cursor</code> (atau dengan <code>updated_since</code> untuk mulai dari tanggal tertentu).</li>
<li>Selama <code>has_more</code> bernilai <code>true</code>, minta lagi dengan <code>cursor=&lt;next_cursor&gt;</code>.</li>
<li>Bila <code>has_more</code> <code>false</code>, <strong>simpan <code>next_cursor</code></strong>. Besok, minta dengan
cursor itu: yang datang hanya yang berubah sejak itu. Baris yang berubah saat Anda sedang membaca akan datang lagi di
belakang dengan isi terbarunya; tidak ada yang terlewat.</li>
<li>Baris yang dihapus datang dengan <code>deleted_at</code> terisi: hapus juga di salinan Anda
(<code>include_deleted=false</code> menyembunyikannya).</li>
</ol>
<p>Baris yang sudah dihapus lebih dari 90 hari dibersihkan dari server. Bila cursor Anda lebih tua dari itu, jawabannya
<code>410</code>: mulai lagi dari awal tanpa cursor.</p>

<h2>5. Batas permintaan</h2>
<p>${limit} permintaan per ${seconds} detik untuk setiap token. Setiap jawaban membawa <code>RateLimit-Limit</code>,
<code>RateLimit-Remaining</code> dan <code>RateLimit-Reset</code> (detik). Lewat batas: <code>429</code> dengan
<code>Retry-After</code> (detik); tunggu selama itu lalu ulangi.</p>

<h2>6. Galat</h2>
<p>Setiap galat berbentuk JSON <code>{"error": {"code", "message", "fields"?}}</code>; pesan dalam Bahasa Indonesia,
atau Inggris bila <code>Accept-Language: en</code>.</p>
<table>
<tr><th>Status</th><th>Arti</th></tr>
<tr><td>400</td><td>Parameter tidak sah; <code>fields</code> menyebut yang salah (mis. <code>updated_since</code>).</td></tr>
<tr><td>401</td><td>Token tidak ada, tidak dikenal, sudah dicabut atau kedaluwarsa.</td></tr>
<tr><td>403</td><td>Token tidak punya cakupan untuk alamat ini.</td></tr>
<tr><td>404</td><td>Tidak ditemukan (juga untuk data kota lain).</td></tr>
<tr><td>410</td><td>Cursor terlalu tua; mulai lagi tanpa cursor.</td></tr>
<tr><td>429</td><td>Terlalu banyak permintaan; lihat <code>Retry-After</code>.</td></tr>
</table>

<h2>7. Contoh</h2>
<h3>curl</h3>
${code(curlExample(base))}
<h3>Python</h3>
${code(pythonExample(base))}
<h3>JavaScript</h3>
${code(javascriptExample(base))}

<div class="en" lang="en">
<h2>In English</h2>
<p>A read-only JSON API over HTTPS for other departments' systems, in any programming language: businesses with
Kemendagri region codes, KBLI and NIB; coaching visits; and the city's summary figures.</p>
<h3>Token</h3>
<p>A coordinator creates a token in the desk (Coordinator → API): a name for the system that will use it, what it may
read (<code>businesses</code>, <code>visits</code>, <code>statistics</code>) and whether personal data (owner name,
NIK, phone; protected by UU 27/2022) is included. The token (<code>bnn_…</code>) is shown once; keep it secret (an
environment variable or a secret store, never in source code). The server stores only its SHA-256. Tokens can be
revoked at any time, and every use is logged for the coordinator to see. Send it on every request as
<code>Authorization: Bearer bnn_…</code>. It works only under <code>/api/v1</code>; people's sign-in sessions are not
accepted there.</p>
<h3>Paging and keeping a copy</h3>
<p>Lists come in pages (<code>limit</code>, default ${PAGE_DEFAULT}, at most ${PAGE_MAX}) in the order rows were
changed. Start without <code>cursor</code> (or with <code>updated_since</code>, an ISO 8601 instant, to start at a
date); while <code>has_more</code> is true, ask again with <code>cursor=&lt;next_cursor&gt;</code>. When it is false,
keep <code>next_cursor</code>: asking with it later returns only what changed since. A row changed while you walk comes
again later with its new state, so nothing is missed. Deleted rows come with <code>deleted_at</code> set (delete them
in your copy; <code>include_deleted=false</code> hides them). Deleted rows are purged after 90 days; a cursor older
than that gets <code>410</code>: start again without one.</p>
<h3>Rate limit</h3>
<p>${limit} requests per ${seconds} seconds per token, announced in <code>RateLimit-Limit</code>,
<code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>. Beyond it: <code>429</code> with
<code>Retry-After</code> in seconds.</p>
<h3>Errors</h3>
<p>JSON <code>{"error": {"code", "message", "fields"?}}</code>, in Indonesian unless <code>Accept-Language</code>
prefers English: 400 invalid parameters (<code>fields</code> names them), 401 missing, unknown, revoked or expired
token, 403 the token lacks the scope, 404 not found (also another city's rows), 410 cursor too old, 429 too many
requests.</p>
<p>The examples above (curl, Python with only the standard library, JavaScript with <code>fetch</code>) walk the
pages, wait on <code>429</code> and keep the cursor for the next run.</p>
</div>
</body></html>`;
}
