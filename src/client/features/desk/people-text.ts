import { bilingual } from '@/shared/i18n/features/bilingual';

/** Texts of the People screen (desk.people.*), loaded by people-page.tsx with useDeskSection. */
export const peopleText = bilingual(
  {
    title: 'Pengguna',
    auditLink: 'Log audit: siapa mengubah atau mengekspor apa',
    intro:
      'Akun pendamping dan koordinator instansi Anda. Kata sandi sementara dibuat oleh sistem dan hanya ditampilkan sekali.',
    offline:
      'Halaman ini perlu koneksi internet. Isian formulir akun baru tetap tersimpan di perangkat ini sampai terkirim.',
    loadOffline: 'Daftar pengguna perlu koneksi internet. Periksa koneksi lalu coba lagi.',
    listTitle: 'Akun',
    count_one: '{{count}} akun',
    count_other: '{{count}} akun',
    empty: 'Belum ada akun.',
    active: 'Aktif',
    inactive: 'Nonaktif',
    you: 'Akun Anda',
    username: 'Nama pengguna',
    phone: 'Telepon',
    noPhone: '—',
    lastSeen: 'Terakhir aktif',
    neverSeen: 'Belum pernah masuk',
    caseload: 'Usaha dampingan',
    caseloadCount_one: '{{count}} usaha',
    caseloadCount_other: '{{count}} usaha',
    resetPassword: 'Atur ulang kata sandi',
    deactivate: 'Nonaktifkan',
    activate: 'Aktifkan kembali',
    cancel: 'Batal',
    working: 'Menyimpan…',
    confirmReset:
      'Atur ulang kata sandi {{name}}? Kata sandi lamanya langsung tidak berlaku dan {{name}} dikeluarkan dari semua perangkat. Perubahan yang belum terkirim di ponselnya tetap aman dan terkirim setelah ia masuk lagi dengan kata sandi baru.',
    confirmResetYes: 'Ya, buat kata sandi baru',
    confirmDeactivate:
      'Nonaktifkan akun {{name}}? {{name}} tidak bisa masuk lagi dan semua sesinya langsung berakhir. Perubahan yang masih tersimpan di ponselnya tetap diterima server pada sinkronisasi terakhir, lalu ponsel itu keluar sendiri.',
    confirmDeactivateCaseload_one:
      '{{count}} usaha masih ditugaskan kepadanya. Alihkan ke pendamping lain agar tetap didampingi.',
    confirmDeactivateCaseload_other:
      '{{count}} usaha masih ditugaskan kepadanya. Alihkan ke pendamping lain agar tetap didampingi.',
    confirmDeactivateYes: 'Ya, nonaktifkan',
    confirmActivate:
      'Aktifkan kembali akun {{name}}? {{name}} bisa masuk lagi dengan kata sandinya. Bila ia lupa, atur ulang kata sandinya.',
    confirmActivateYes: 'Ya, aktifkan',
    deactivated: 'Akun {{name}} dinonaktifkan.',
    deactivatedCaseload_one:
      '{{count}} usaha masih ditugaskan kepada {{name}}. Alihkan ke pendamping lain di menu Penugasan.',
    deactivatedCaseload_other:
      '{{count}} usaha masih ditugaskan kepada {{name}}. Alihkan ke pendamping lain di menu Penugasan.',
    activated: 'Akun {{name}} aktif kembali.',
    passwordTitle: 'Kata sandi sementara untuk {{username}}',
    passwordOnce:
      'Hanya ditampilkan sekali. Sampaikan langsung kepada {{name}} (jangan di grup obrolan). Setelah jendela ini ditutup, kata sandi ini tidak bisa dilihat lagi.',
    copy: 'Salin kata sandi',
    copied: 'Tersalin.',
    copyFailed: 'Tidak bisa menyalin otomatis; salin secara manual.',
    passwordDone: 'Sudah saya catat, tutup',
    createTitle: 'Buat akun baru',
    name: 'Nama lengkap',
    role: 'Peran',
    phoneOptional: 'Telepon/WhatsApp (boleh kosong)',
    usernameHint: 'Huruf kecil, angka, titik, garis bawah atau tanda hubung; dipakai untuk masuk.',
    create: 'Buat akun',
    creating: 'Membuat akun…',
    created: 'Akun {{name}} dibuat.',
    draftKept: 'Isian yang belum terkirim dipulihkan.',
    sendOffline:
      'Tidak ada koneksi ke server. Isian tetap tersimpan di perangkat ini; coba lagi saat tersambung.',
    failed: 'Tidak tersimpan ({{reason}}).',
    actionOffline: 'Tidak ada koneksi ke server. Tidak ada yang berubah; coba lagi saat tersambung.',
    notFound: 'Akun ini tidak ditemukan (mungkin sudah dihapus). Daftar dimuat ulang.',
    sessionEnded: 'Sesi Anda sudah berakhir. Silakan masuk lagi.',
  },
  {
    title: 'People',
    auditLink: 'Audit log: who changed or exported what',
    intro:
      'Coach and coordinator accounts of your office. Temporary passwords are made by the system and shown only once.',
    offline:
      'This page needs an internet connection. The new-account form is kept on this device until it is sent.',
    loadOffline: 'The list of people needs an internet connection. Check the connection and try again.',
    listTitle: 'Accounts',
    count_one: '{{count}} account',
    count_other: '{{count}} accounts',
    empty: 'No accounts yet.',
    active: 'Active',
    inactive: 'Deactivated',
    you: 'Your account',
    username: 'Username',
    phone: 'Phone',
    noPhone: '—',
    lastSeen: 'Last active',
    neverSeen: 'Never signed in',
    caseload: 'Businesses coached',
    caseloadCount_one: '{{count}} business',
    caseloadCount_other: '{{count}} businesses',
    resetPassword: 'Reset password',
    deactivate: 'Deactivate',
    activate: 'Activate again',
    cancel: 'Cancel',
    working: 'Saving…',
    confirmReset:
      'Reset the password of {{name}}? The old password stops working at once and {{name}} is signed out on every device. Changes not yet sent from their phone are kept and go up once they sign in with the new password.',
    confirmResetYes: 'Yes, make a new password',
    confirmDeactivate:
      'Deactivate the account of {{name}}? {{name}} can no longer sign in and every session ends at once. Changes still saved on their phone are accepted on its last sync, then that phone signs itself out.',
    confirmDeactivateCaseload_one:
      '{{count}} business is still assigned to them. Give it to another coach so it keeps being coached.',
    confirmDeactivateCaseload_other:
      '{{count}} businesses are still assigned to them. Give them to another coach so they keep being coached.',
    confirmDeactivateYes: 'Yes, deactivate',
    confirmActivate:
      'Activate the account of {{name}} again? {{name}} can sign in with their password. If they forgot it, reset it.',
    confirmActivateYes: 'Yes, activate',
    deactivated: 'The account of {{name}} was deactivated.',
    deactivatedCaseload_one:
      '{{count}} business is still assigned to {{name}}. Give it to another coach under Assignments.',
    deactivatedCaseload_other:
      '{{count}} businesses are still assigned to {{name}}. Give them to another coach under Assignments.',
    activated: 'The account of {{name}} is active again.',
    passwordTitle: 'Temporary password for {{username}}',
    passwordOnce:
      'Shown only once. Give it to {{name}} in person (not in a group chat). Once this box is closed it cannot be seen again.',
    copy: 'Copy password',
    copied: 'Copied.',
    copyFailed: 'Could not copy automatically; copy it by hand.',
    passwordDone: 'I have noted it, close',
    createTitle: 'Create an account',
    name: 'Full name',
    role: 'Role',
    phoneOptional: 'Phone/WhatsApp (optional)',
    usernameHint: 'Lower-case letters, digits, dot, underscore or hyphen; used to sign in.',
    create: 'Create account',
    creating: 'Creating…',
    created: 'Account of {{name}} created.',
    draftKept: 'Unsent form contents were restored.',
    sendOffline: 'No connection to the server. The form is kept on this device; try again when connected.',
    failed: 'Not saved ({{reason}}).',
    actionOffline: 'No connection to the server. Nothing was changed; try again when connected.',
    notFound: 'This account was not found (it may have been removed). The list is reloaded.',
    sessionEnded: 'Your session has ended. Please sign in again.',
  },
);
