import { bilingual } from './bilingual';

/**
 * The server's own messages (`api.…`): JSON errors and what the import and the city's API answer.
 * Only the server shows them (each arrives on the phone already in its language), so they are not
 * part of the phone's texts.
 */
export const apiMessagesText = bilingual(
  {
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
  {
    inviteUnknown:
      'Unknown invite code. If your coach made the invite without signal, it works once their phone has synced.',
    inviteExpired: 'This invite has expired. Ask your coach for a new one.',
    inviteUsed:
      'This invite has been used. Sign in with your phone number, or ask for a new invite if you forgot your password.',
    phoneTaken: 'This phone number is already used by another account. Contact your coach.',
    phoneRequired: 'Enter your phone number: you sign in with it.',
    invalidCredentials: 'Wrong username or password.',
    accountInactive: 'This account has been deactivated. Contact your coordinator.',
    usernameTaken: 'This username is already taken. Choose another.',
    ownAccountDeactivate: 'You cannot deactivate your own account. Ask another coordinator.',
    ownAccountReset: 'Your own password is not reset here. Ask another coordinator.',
    tooManyAttempts: 'Too many sign-in attempts. Try again in {{seconds}} seconds.',
    unauthenticated: 'Your session has ended. Please sign in again.',
    forbidden: 'You may not do this.',
    notFound: 'Not found.',
    malformedJson: 'The request body is not valid JSON.',
    invalidInput: 'Invalid data.',
    syncGap:
      'Changes arrived out of order; the server has everything up to number {{last}}. Resend from the next one.',
    clientOwner:
      'This device is registered to another user. Sign out and in again so the device gets a new number.',
    cursorExpired:
      'This device has not synced for too long; it must download all data again (changes not yet sent are kept).',
    blobNotImage: 'This file is not a photo (JPEG, PNG or WebP).',
    blobHashMismatch: 'The photo bytes do not match the SHA-256 in the address; send the photo again.',
    payloadTooLarge: 'The request body is too large (at most {{limit}}).',
    importEmpty: 'This file is empty or has no data rows below the column headings. Nothing was stored.',
    importLegacyExcel:
      'This file is in the old Excel format (.xls). Open it in Excel, save it as .xlsx or CSV, then upload it again.',
    importNotSpreadsheet:
      'This file is not a CSV or XLSX spreadsheet. Upload an Excel file (.xlsx) or a CSV.',
    importBrokenWorkbook:
      'This XLSX file is damaged or cannot be read. Open it in Excel, save it again, then upload it again.',
    importUnclosedQuote:
      'The quote (") in row {{row}} is never closed, so the rest of the file reads as one value. Fix that row and upload again. Nothing was stored.',
    importNoHeader:
      'No row of column headings was found. Headings must name fields such as "Nama Usaha", "Nama Pemilik", "Kelurahan". Nothing was stored.',
    importRagged:
      'Many rows have more columns than the headings (for example rows {{rows}}): the delimiter or the quotes are probably wrong. Nothing was stored.',
    importMappingDuplicated: 'Each field may be chosen for one column only: {{fields}}.',
    importMappingWidth: 'The mapping must have {{count}} columns.',
    importMappingIncomplete: 'Required fields not mapped yet: {{fields}}.',
    importBlocked:
      '{{blocked}} rows still have errors and {{undecided}} likely duplicates are undecided. Skip or decide them first; nothing was stored.',
    importState: 'This import was already saved or discarded.',
    staleReview:
      'This visit has changed since you opened it. Check the latest version; your comment is kept.',
    reviewTransition: 'This decision does not apply to a visit in state {{state}}.',
    staleBusiness: 'This business changed since you opened it. Reload and make your change again.',
    assignCoach: 'This coach was not found or is not active in your city.',
    assignMissing: '{{count}} businesses were not found in your city; nothing was changed.',
    cityTokenRequired:
      '/api/v1 accepts only API tokens made by a coordinator: send Authorization: Bearer bnn_…',
    cityTokenInvalid: 'Unknown, revoked or expired API token. Ask the coordinator for a new one.',
    cityScopeMissing: 'This API token may not read {{scope}}.',
    cityRateLimited:
      'Too many requests with this token (limit {{limit}} per {{window}} seconds). Try again in {{seconds}} seconds.',
    cityCursorExpired:
      'This cursor is older than the purge of deleted rows; start again without a cursor so no deletion is missed.',
    internal: 'Something went wrong on the server. Data already saved is not lost.',
  },
);
