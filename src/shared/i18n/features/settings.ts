import { bilingual } from './bilingual';

/** Texts of the settings screen (Pengaturan): account, sync, storage, sign-out with unsent changes. */
export const settingsText = bilingual(
  {
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
  {
    title: 'Settings',
    about: 'About',
    regionsAttribution: 'Kemendagri region codes: idn-area-data (fityannugroho), Open Database License.',
    version: 'Version {{version}}',
    account: 'Account',
    signedInAs: 'Signed in as {{name}} ({{role}})',
    storageTitle: 'Storage on this device',
    storageGranted: 'The browser will not clear binaan data on this device automatically.',
    storageDenied:
      'The browser does not guarantee binaan data on this device is safe from automatic clearing. Add binaan to the Home Screen and sync often.',
    storageUnsupported: 'This browser does not support persistent storage.',
    iosHomeScreen:
      'On iPhone/iPad: tap Share, then “Add to Home Screen”, and open binaan from that icon. Safari may delete the data of a site not opened for 7 days; an app on the Home Screen keeps it.',
    storageUnknown: 'Not asked yet.',
    logoutPendingWarning_one:
      '{{count}} change has not reached the server yet. Signing out is refused until it is sent, or until you save it to a file (send that file to the UMKM office).',
    logoutPendingWarning_other:
      '{{count}} changes have not reached the server yet. Signing out is refused until they are sent, or until you save them to a file (send that file to the UMKM office).',
    syncTitle: 'Sync',
    lastSync: 'Last successful: {{when}}',
    neverSynced: 'Not yet synced from this device.',
    syncNow: 'Sync now',
    syncing: 'Syncing…',
    syncOffline: 'No connection. Changes stay on this device and go up by themselves when there is signal.',
    rejectedTitle: 'Changes the server refused',
    rejectedIntro:
      'The server did not keep these changes. The reason is below; correct the data and save again if needed.',
    rejectedItem: '{{table}}, {{when}}',
    blobRefused:
      'The server refused to keep this photo (a damaged file or not a photo). Take it again if it is still needed.',
    rejectedClear: 'I have read these, clear the list',
    tables: {
      businesses: 'Business profile',
      visits: 'Visit',
      followUps: 'Follow-up',
      checklistStates: 'Checklist',
      photos: 'Photo',
    },
    exportThenLogout: 'Save to a file, then sign out',
    exportFailed: 'The file could not be made. You are still signed in; try syncing first.',
    cancel: 'Cancel',
  },
);
