import { bilingual } from './bilingual';

/**
 * Texts of the coach's side of the owner's view (issue 6): inviting the owner from the business page
 * and answering the owner's correction requests (business page and Today).
 */
export const invitesText = bilingual(
  {
    card: {
      heading: 'Akun pemilik usaha',
      intro:
        'Undang pemilik agar bisa melihat profil usahanya, kemajuan checklist, ringkasan kunjungan yang Anda bagikan dan rencana aksinya di ponselnya sendiri.',
      create: 'Buat undangan',
      createAgain: 'Buat undangan baru',
      replaceWarning: 'Undangan baru membuat kode sebelumnya tidak berlaku lagi.',
      none: 'Belum ada undangan.',
      used: 'Pemilik sudah mengaktifkan akunnya pada {{date}}.',
      expired: 'Undangan terakhir kedaluwarsa pada {{date}}.',
      open: 'Undangan berlaku sampai {{date}}.',
      otherDevice:
        'Undangan ini dibuat di perangkat lain, jadi kodenya tidak ada di ponsel ini. Buat undangan baru bila perlu menampilkannya.',
      pending:
        'Undangan tersimpan di ponsel ini dan baru bisa dipakai setelah ponsel tersinkron (butuh sinyal).',
      scan: 'Minta pemilik memindai kode QR ini dengan kamera ponselnya.',
      qrLabel: 'Kode QR undangan untuk {{name}}',
      code: 'Kode undangan',
      codeHint: 'Jika tidak bisa memindai, pemilik membuka {{site}}/undangan dan mengetik kode ini.',
      whatsApp: 'Kirim lewat WhatsApp',
      whatsAppNoPhone: 'Kirim lewat WhatsApp (pilih kontak)',
      copy: 'Salin tautan',
      copied: 'Tautan disalin.',
      copyFailed: 'Tidak bisa menyalin; tekan lama tautan di atas untuk menyalinnya.',
      print: 'Profil cetak',
      message:
        'Halo {{owner}}, ini undangan untuk melihat data usaha {{business}} di aplikasi binaan Dinas UMKM. Buka tautan ini lalu buat kata sandi atau PIN: {{link}} (berlaku sampai {{date}}). Setelah itu Anda masuk dengan nomor HP ini.',
      failed: 'Undangan tidak tersimpan. Coba lagi.',
      loadingQr: 'Menyiapkan kode QR…',
    },
    corrections: {
      heading: 'Permintaan koreksi dari pemilik',
      intro: 'Pemilik usaha meminta data profil diubah. Periksa lalu terima atau tolak.',
      field: '{{field}}',
      now: 'Sekarang: {{value}}',
      nowEmpty: 'Sekarang: (kosong)',
      wanted: 'Diminta: {{value}}',
      wantedEmpty: 'Diminta: dikosongkan',
      reason: 'Alasan: {{reason}}',
      askedOn: 'Diminta {{date}}',
      accept: 'Terima dan ubah profil',
      decline: 'Tolak',
      declineNote: 'Alasan menolak (dibaca pemilik)',
      declineConfirm: 'Kirim penolakan',
      cancel: 'Batal',
      accepted: 'Profil diubah; pemilik akan melihatnya setelah sinkron.',
      declined: 'Penolakan tersimpan; pemilik akan melihatnya setelah sinkron.',
      cannotApply:
        'Nilai ini tidak bisa dipakai apa adanya ({{reason}}). Ubah profil secara manual, lalu tolak permintaan dengan penjelasan.',
    },
    signedIn: {
      title: 'Undangan pemilik usaha',
      message:
        'Ponsel ini sedang dipakai oleh {{name}}. Undangan pemilik dibuka di ponsel pemilik sendiri; di ponsel ini, keluar dulu (setelah semua data terkirim) bila memang ingin mengaktifkannya.',
    },
    today: {
      heading: 'Permintaan dari pemilik usaha',
      wants: 'Minta ubah {{field}}',
      open: 'Periksa',
    },
    fields: {
      name: 'Nama usaha',
      brand: 'Merek',
      ownerName: 'Nama pemilik',
      phone: 'Nomor HP/WhatsApp',
      address: 'Alamat',
      products: 'Produk',
      yearStarted: 'Tahun mulai usaha',
      employees: 'Jumlah pekerja',
      licences: {
        nib: 'NIB',
        pirt: 'Nomor P-IRT',
        halal: 'Sertifikat halal',
        bpom: 'Nomor BPOM',
        trademark: 'Merek dagang (HKI)',
      },
    },
  },
  {
    card: {
      heading: 'Owner’s account',
      intro:
        'Invite the owner to see their business profile, checklist progress, the visit summaries you share and their action plan on their own phone.',
      create: 'Create invite',
      createAgain: 'Create a new invite',
      replaceWarning: 'A new invite makes the previous code stop working.',
      none: 'No invite yet.',
      used: 'The owner activated their account on {{date}}.',
      expired: 'The last invite expired on {{date}}.',
      open: 'The invite is valid until {{date}}.',
      otherDevice:
        'This invite was made on another device, so its code is not on this phone. Create a new invite if you need to show it.',
      pending: 'The invite is saved on this phone and works once the phone has synced (needs signal).',
      scan: 'Ask the owner to scan this QR code with their phone’s camera.',
      qrLabel: 'Invite QR code for {{name}}',
      code: 'Invite code',
      codeHint: 'If scanning fails, the owner opens {{site}}/undangan and types this code.',
      whatsApp: 'Send via WhatsApp',
      whatsAppNoPhone: 'Send via WhatsApp (pick a contact)',
      copy: 'Copy link',
      copied: 'Link copied.',
      copyFailed: 'Could not copy; long-press the link above to copy it.',
      print: 'Printable profile',
      message:
        'Hello {{owner}}, this is an invite to see the data of {{business}} in the binaan app of the city’s UMKM office. Open this link and set a password or PIN: {{link}} (valid until {{date}}). Afterwards you sign in with this phone number.',
      failed: 'The invite was not saved. Try again.',
      loadingQr: 'Preparing the QR code…',
    },
    corrections: {
      heading: 'Correction requests from the owner',
      intro: 'The business owner asked for profile data to be changed. Check, then accept or decline.',
      field: '{{field}}',
      now: 'Now: {{value}}',
      nowEmpty: 'Now: (empty)',
      wanted: 'Requested: {{value}}',
      wantedEmpty: 'Requested: cleared',
      reason: 'Reason: {{reason}}',
      askedOn: 'Requested {{date}}',
      accept: 'Accept and change the profile',
      decline: 'Decline',
      declineNote: 'Why you decline (the owner reads this)',
      declineConfirm: 'Send the decline',
      cancel: 'Cancel',
      accepted: 'Profile changed; the owner sees it after syncing.',
      declined: 'Decline saved; the owner sees it after syncing.',
      cannotApply:
        'This value cannot be used as typed ({{reason}}). Edit the profile by hand, then decline the request with an explanation.',
    },
    signedIn: {
      title: 'Business owner invite',
      message:
        'This phone is in use by {{name}}. An owner invite is opened on the owner’s own phone; on this phone, sign out first (once everything is sent) if you really mean to activate it.',
    },
    today: {
      heading: 'Requests from business owners',
      wants: 'Asks to change {{field}}',
      open: 'Review',
    },
    fields: {
      name: 'Business name',
      brand: 'Brand',
      ownerName: 'Owner’s name',
      phone: 'Phone/WhatsApp',
      address: 'Address',
      products: 'Products',
      yearStarted: 'Year started',
      employees: 'Employees',
      licences: {
        nib: 'NIB',
        pirt: 'P-IRT number',
        halal: 'Halal certificate',
        bpom: 'BPOM number',
        trademark: 'Trademark',
      },
    },
  },
);
