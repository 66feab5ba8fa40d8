/**
 * Bahasa Indonesia: the default language. Every string a person sees comes from here or en.ts;
 * en.ts must have exactly the same keys (a test checks it).
 */
import { todayText } from './features/today';
import { businessesText } from './features/businesses';
import { visitsText } from './features/visits';
import { historyText } from './features/history';
import { invitesText } from './features/invites';
import { hintsText } from './features/hints';
import { labelsText } from './features/labels';
import { businessFormText } from './features/business-form';
export const id = {
  app: {
    name: 'binaan',
    tagline: 'Pendampingan UMKM kota',
    demoBanner: 'Data demo — bukan data UMKM sebenarnya',
    loading: 'Memuat…',
    skipToContent: 'Langsung ke isi',
  },
  language: { label: 'Bahasa', id: 'Bahasa Indonesia', en: 'English' },
  roles: { coordinator: 'Koordinator', coach: 'Pendamping', owner: 'Pemilik usaha' },
  login: {
    title: 'Masuk',
    username: 'Nama pengguna',
    usernameHint: 'Pemilik usaha: masuk dengan nomor HP.',
    password: 'Kata sandi',
    submit: 'Masuk',
    submitting: 'Sedang masuk…',
    demoAccounts: 'Akun demo: {{accounts}} — kata sandi {{password}}',
    offline:
      'Tidak ada koneksi. Masuk pertama kali butuh internet; setelah itu aplikasi bisa dipakai tanpa sinyal.',
    accountClosed:
      'Akun Anda sudah dinonaktifkan oleh koordinator, jadi Anda dikeluarkan. Semua perubahan dari perangkat ini sudah dikirim ke server.',
    accountClosedRejected_one:
      '{{count}} perubahan ditolak server dan tidak disimpan di sana; datanya tetap ada di perangkat ini. Alasannya:',
    accountClosedRejected_other:
      '{{count}} perubahan ditolak server dan tidak disimpan di sana; datanya tetap ada di perangkat ini. Alasannya:',
  },
  nav: {
    today: 'Hari ini',
    businesses: 'Usaha',
    visits: 'Kunjungan',
    review: 'Tinjauan',
    dashboard: 'Dasbor',
    assignments: 'Penugasan',
    people: 'Pengguna',
    import: 'Impor',
    apiTokens: 'API kota',
    myBusiness: 'Usaha saya',
    progress: 'Kemajuan',
    settings: 'Pengaturan',
    logout: 'Keluar',
    mainMenu: 'Menu utama',
  },
  home: {
    greeting: 'Halo, {{name}}',
    organisation: 'Instansi: {{name}}',
  },
  sync: {
    area: 'Status sinkronisasi',
    online: 'Daring',
    offline: 'Luring — data tersimpan di ponsel',
    pending_one: '{{count}} perubahan belum terkirim',
    pending_other: '{{count}} perubahan belum terkirim',
    downloading: 'Mengunduh data…',
    allSent: 'Semua perubahan sudah terkirim',
    rejected: {
      invalid: 'Data perubahan ini tidak sah ({{detail}}). Perbaiki isiannya lalu simpan lagi.',
      unknownTable: 'Jenis data tidak dikenal server ({{detail}}). Perbarui aplikasi.',
      unknownField: 'Isian tidak dikenal server ({{detail}}). Perbarui aplikasi.',
      forbiddenField: 'Anda tidak berhak mengubah isian ini ({{detail}}).',
      forbidden: 'Anda tidak berhak mengubah data ini.',
      notFound: 'Data yang diubah tidak ada di server.',
      locked: 'Kunjungan ini sudah disetujui koordinator dan tidak bisa diubah lagi.',
      badReference:
        'Data ini merujuk ke usaha atau kunjungan yang tidak ada atau bukan binaan Anda ({{detail}}).',
      moved:
        'Usaha ini sudah dipindahkan koordinator ke pendamping lain, jadi perubahan ini tidak disimpan. Kunjungan Anda tetap diterima; hubungi koordinator bila ada yang perlu diubah.',
    },
    /** Field names in the reasons above, as the forms call them. */
    fields: {
      assignedCoachId: 'Pendamping',
      createdBy: 'Pembuat data',
      reviewState: 'Status tinjauan',
      reviewComment: 'Komentar koordinator',
      coachId: 'Pendamping kunjungan',
      businessId: 'Usaha',
      visitId: 'Kunjungan',
      kind: 'Jenis',
      sha256: 'Foto',
    },
  },
  pwa: {
    updateAvailable: 'Versi baru binaan tersedia.',
    updateNow: 'Perbarui sekarang',
    later: 'Nanti',
    updateBlocked: 'Simpan atau tutup formulir yang sedang diisi dulu, lalu perbarui.',
    offlineReady: 'Aplikasi siap dipakai tanpa koneksi.',
    dismiss: 'Tutup',
  },
  errors: {
    pageOffline:
      'Halaman ini belum tersimpan di perangkat ini dan perlu koneksi internet untuk dibuka pertama kali. Data yang sudah tersimpan tidak hilang.',
    pageFailed: 'Halaman ini gagal dimuat. Data yang sudah tersimpan tidak hilang.',
    reload: 'Muat ulang',
    notFound: 'Halaman tidak ditemukan.',
    backHome: 'Kembali ke beranda',
    network: 'Tidak dapat terhubung ke server. Periksa koneksi lalu coba lagi.',
    unexpected: 'Terjadi kesalahan tak terduga. Coba lagi.',
    forbidden: 'Anda tidak berhak mengakses halaman ini.',
  },
  api: {
    inviteUnknown:
      'Kode undangan tidak dikenal. Jika pendamping membuat undangan saat tidak ada sinyal, undangan baru aktif setelah ponselnya tersinkron.',
    inviteExpired: 'Undangan ini sudah kedaluwarsa. Minta undangan baru kepada pendamping Anda.',
    inviteUsed:
      'Undangan ini sudah dipakai. Masuk dengan nomor HP Anda, atau minta undangan baru jika lupa kata sandi.',
    phoneTaken: 'Nomor HP ini sudah dipakai untuk akun lain. Hubungi pendamping Anda.',
    phoneRequired: 'Isi nomor HP Anda: nomor ini dipakai untuk masuk.',
    invalidCredentials: 'Nama pengguna atau kata sandi salah.',
    accountInactive: 'Akun ini sudah dinonaktifkan. Hubungi koordinator.',
    usernameTaken: 'Nama pengguna ini sudah dipakai. Pilih nama lain.',
    ownAccountDeactivate: 'Anda tidak dapat menonaktifkan akun Anda sendiri. Minta koordinator lain.',
    ownAccountReset: 'Kata sandi akun Anda sendiri tidak diatur ulang di sini. Minta koordinator lain.',
    tooManyAttempts: 'Terlalu banyak percobaan masuk. Coba lagi dalam {{seconds}} detik.',
    unauthenticated: 'Sesi Anda sudah berakhir. Silakan masuk lagi.',
    forbidden: 'Anda tidak berhak melakukan ini.',
    notFound: 'Tidak ditemukan.',
    malformedJson: 'Isi permintaan bukan JSON yang sah.',
    invalidInput: 'Data tidak sah.',
    syncGap:
      'Urutan perubahan terputus; server sudah menerima sampai nomor {{last}}. Kirim lagi mulai nomor berikutnya.',
    clientOwner:
      'Perangkat ini terdaftar atas pengguna lain. Keluar lalu masuk lagi agar perangkat mendapat nomor baru.',
    cursorExpired:
      'Data di perangkat ini terlalu lama tidak disinkronkan; perangkat perlu mengunduh ulang semua data (perubahan yang belum terkirim tetap aman).',
    blobNotImage: 'Berkas ini bukan foto (JPEG, PNG atau WebP).',
    blobHashMismatch: 'Isi foto tidak cocok dengan sidik SHA-256 di alamatnya; kirim ulang fotonya.',
    payloadTooLarge: 'Isi permintaan terlalu besar (maksimal {{limit}}).',
    importEmpty:
      'Berkas ini kosong atau tidak berisi baris data di bawah judul kolom. Tidak ada yang disimpan.',
    importLegacyExcel:
      'Berkas ini berformat Excel lama (.xls). Buka di Excel, simpan sebagai .xlsx atau CSV, lalu unggah lagi.',
    importNotSpreadsheet:
      'Berkas ini bukan lembar kerja CSV atau XLSX. Unggah berkas Excel (.xlsx) atau CSV.',
    importBrokenWorkbook:
      'Berkas XLSX ini rusak atau tidak dapat dibaca. Buka di Excel, simpan ulang, lalu unggah lagi.',
    importUnclosedQuote:
      'Tanda kutip (") di baris {{row}} tidak ditutup, sehingga sisa berkas terbaca sebagai satu isian. Perbaiki baris itu lalu unggah lagi. Tidak ada yang disimpan.',
    importNoHeader:
      'Baris judul kolom tidak ditemukan. Judul kolom harus menyebut isian seperti "Nama Usaha", "Nama Pemilik", "Kelurahan". Tidak ada yang disimpan.',
    importRagged:
      'Banyak baris berisi lebih banyak kolom daripada judulnya (misalnya baris {{rows}}): tanda pemisah atau tanda kutip kemungkinan salah. Tidak ada yang disimpan.',
    importMappingDuplicated: 'Setiap isian hanya boleh dipilih untuk satu kolom: {{fields}}.',
    importMappingWidth: 'Pemetaan harus berisi {{count}} kolom.',
    importMappingIncomplete: 'Kolom wajib belum dipetakan: {{fields}}.',
    importBlocked:
      '{{blocked}} baris masih berisi kesalahan dan {{undecided}} kemungkinan data ganda belum diputuskan. Lewati atau putuskan dulu; tidak ada yang disimpan.',
    importState: 'Impor ini sudah disimpan atau dibatalkan.',
    staleReview:
      'Kunjungan ini sudah berubah sejak Anda membukanya. Periksa versi terbarunya; komentar Anda tidak hilang.',
    reviewTransition: 'Keputusan ini tidak berlaku untuk kunjungan berstatus {{state}}.',
    staleBusiness:
      'Data usaha ini sudah berubah sejak Anda membukanya. Muat ulang lalu ulangi perubahan Anda.',
    assignCoach: 'Pendamping ini tidak ditemukan atau tidak aktif di kota Anda.',
    assignMissing: '{{count}} usaha tidak ditemukan di kota Anda; tidak ada yang diubah.',
    cityTokenRequired:
      'Alamat /api/v1 hanya menerima token API dari koordinator: kirim Authorization: Bearer bnn_…',
    cityTokenInvalid:
      'Token API tidak dikenal, sudah dicabut atau kedaluwarsa. Minta token baru kepada koordinator.',
    cityScopeMissing: 'Token API ini tidak berhak membaca {{scope}}.',
    cityRateLimited:
      'Terlalu banyak permintaan dengan token ini (batas {{limit}} per {{window}} detik). Coba lagi dalam {{seconds}} detik.',
    cityCursorExpired:
      'Cursor ini lebih tua dari pembersihan data yang dihapus; mulai lagi tanpa cursor agar tidak ada penghapusan yang terlewat.',
    internal: 'Terjadi kesalahan di server. Data yang sudah tersimpan tidak hilang.',
  },
  validation: {
    ownerSecret: 'Pakai PIN 6 angka atau kata sandi minimal 8 karakter (tidak hanya angka).',
    duplicateEntry: 'Ada isian yang diulang.',
    mergeSelf: 'Usaha tidak bisa digabung dengan dirinya sendiri.',
    cursor: 'Kursor sinkronisasi tidak dikenal; mulai lagi dari 0.',
    required: 'Wajib diisi.',
    tooLong: 'Terlalu panjang.',
    invalidType: 'Jenis data salah (diharapkan {{expected}}).',
    unknownField: 'Isian tidak dikenal: {{keys}}.',
    invalidValue: 'Nilai tidak sah.',
    id: 'ID tidak sah.',
    date: 'Tanggal tidak sah.',
    dateTime: 'Tanggal dan waktu tidak sah.',
    cityCode: 'Kode kota/kabupaten harus berbentuk 00.00.',
    districtCode: 'Kode kecamatan harus berbentuk 00.00.00.',
    villageCode: 'Kode kelurahan/desa harus berbentuk 00.00.00.1000.',
    reviewCommentRequired: 'Tulis komentar untuk pendamping saat mengembalikan kunjungan.',
    apiScopes: 'Pilih paling sedikit satu data yang boleh dibaca.',
    apiTokenExpiry: 'Tanggal berakhir harus di masa depan.',
    cursorFormat: 'Penanda halaman tidak dikenal; muat ulang daftar dari awal.',
    dateRange: 'Tanggal akhir tidak boleh sebelum tanggal awal.',
    villageOutsideDistrict: 'Kelurahan tidak berada di kecamatan yang dipilih.',
    nib: 'NIB harus 13 digit angka.',
    nik: 'NIK harus 16 digit dengan kode wilayah dan tanggal lahir yang sah.',
    phone: 'Nomor telepon Indonesia tidak sah (contoh: 0812-3456-7890).',
    money: 'Masukkan jumlah rupiah.',
    moneyInteger: 'Rupiah harus bilangan bulat.',
    moneyNegative: 'Jumlah tidak boleh negatif.',
    moneyTooLarge: 'Jumlah terlalu besar.',
    latitude: 'Lintang tidak sah.',
    longitude: 'Bujur tidak sah.',
    url: 'Tautan harus diawali http:// atau https://.',
    kbli: 'Kode KBLI harus 5 digit.',
    pirt: 'Nomor P-IRT minimal 15 digit angka.',
    bpom: 'Nomor BPOM berbentuk MD atau ML diikuti angka.',
    role: 'Peran tidak dikenal.',
    staffRole: 'Pilih pendamping atau koordinator.',
    username: 'Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.',
    passwordShort: 'Kata sandi minimal 10 karakter.',
    sha256: 'Sidik foto (SHA-256) tidak sah.',
    photoType: 'Foto harus JPEG, WebP atau PNG.',
    photoTooLarge: 'Foto terlalu besar.',
    duplicateItem: 'Ada butir checklist ganda.',
    tooSmall: 'Terlalu kecil.',
    tooBig: 'Terlalu besar.',
  },
  sizeClass: { mikro: 'Mikro', kecil: 'Kecil', menengah: 'Menengah', besar: 'Besar' },
  settings: {
    title: 'Pengaturan',
    about: 'Tentang',
    regionsAttribution: 'Kode wilayah Kemendagri: idn-area-data (fityannugroho), Open Database License.',
    version: 'Versi {{version}}',
    account: 'Akun',
    signedInAs: 'Masuk sebagai {{name}} ({{role}})',
    storageTitle: 'Penyimpanan di ponsel',
    storageGranted: 'Peramban tidak akan menghapus data binaan di perangkat ini secara otomatis.',
    storageDenied:
      'Peramban belum menjamin data di perangkat ini aman dari penghapusan otomatis. Pasang binaan ke Layar Utama dan kirim perubahan sesering mungkin.',
    storageUnsupported: 'Peramban ini tidak mendukung penyimpanan permanen.',
    iosHomeScreen:
      'Di iPhone/iPad: ketuk tombol Bagikan lalu “Tambahkan ke Layar Utama”, dan buka binaan dari ikon itu. Safari dapat menghapus data situs yang tidak dibuka selama 7 hari; aplikasi di Layar Utama tidak.',
    storageUnknown: 'Belum ditanyakan ke peramban.',
    logoutPendingWarning_one:
      'Masih ada {{count}} perubahan yang belum terkirim ke server. Keluar ditolak sampai semuanya terkirim, atau sampai Anda menyimpannya ke berkas (kirim berkas itu ke kantor UMKM).',
    logoutPendingWarning_other:
      'Masih ada {{count}} perubahan yang belum terkirim ke server. Keluar ditolak sampai semuanya terkirim, atau sampai Anda menyimpannya ke berkas (kirim berkas itu ke kantor UMKM).',
    syncTitle: 'Sinkronisasi',
    lastSync: 'Terakhir berhasil: {{when}}',
    neverSynced: 'Belum pernah berhasil sinkron dari perangkat ini.',
    syncNow: 'Sinkronkan sekarang',
    syncing: 'Sedang sinkron…',
    syncOffline:
      'Tidak ada koneksi. Perubahan tetap tersimpan di perangkat dan terkirim sendiri saat ada sinyal.',
    rejectedTitle: 'Perubahan yang ditolak server',
    rejectedIntro:
      'Perubahan ini tidak disimpan server. Alasannya tertulis di bawah; perbaiki datanya lalu simpan lagi bila perlu.',
    rejectedItem: '{{table}}, {{when}}',
    blobRefused:
      'Server menolak menyimpan foto ini (berkas rusak atau bukan foto). Ambil ulang fotonya bila masih diperlukan.',
    rejectedClear: 'Sudah saya baca, hapus daftar',
    tables: {
      businesses: 'Profil usaha',
      visits: 'Kunjungan',
      followUps: 'Tindak lanjut',
      checklistStates: 'Checklist',
      photos: 'Foto',
    },
    exportThenLogout: 'Simpan ke berkas lalu keluar',
    exportFailed: 'Berkas tidak bisa dibuat. Anda belum keluar; coba sinkron dulu.',
    cancel: 'Batal',
  },
  today: todayText.id,
  businesses: businessesText.id,
  visits: visitsText.id,
  history: historyText.id,
  invites: invitesText.id,
  hints: hintsText.id,
  labels: labelsText.id,
  businessForm: businessFormText.id,
};
