import { useTranslation } from 'react-i18next';
import { bilingual } from '@/shared/i18n/features/bilingual';

/**
 * Texts of the coordinator's desk. They live with the desk's code, not in the shared catalogues,
 * so a coach's phone never downloads them; each desk page adds them to i18next when it loads.
 */
export const deskText = bilingual(
  {
    review: {
      title: 'Tinjauan kunjungan',
      intro: 'Kunjungan yang sudah tersinkron dari ponsel pendamping, terbaru di atas.',
      filters: 'Saring',
      state: 'Status',
      anyState: 'Semua status',
      coach: 'Pendamping',
      anyCoach: 'Semua pendamping',
      district: 'Kecamatan',
      anyDistrict: 'Semua kecamatan',
      village: 'Kelurahan',
      anyVillage: 'Semua kelurahan',
      topic: 'Topik',
      anyTopic: 'Semua topik',
      from: 'Dari tanggal',
      to: 'Sampai tanggal',
      reset: 'Hapus saringan',
      empty: 'Tidak ada kunjungan yang cocok dengan saringan ini.',
      more: 'Muat lebih banyak',
      loading: 'Memuat…',
      count_one: '{{count}} kunjungan ditampilkan',
      count_other: '{{count}} kunjungan ditampilkan',
      photos_one: '{{count}} foto',
      photos_other: '{{count}} foto',
      by: 'oleh {{name}}',
      offline: 'Daftar tinjauan perlu koneksi internet. Periksa koneksi lalu coba lagi.',
      failed: 'Daftar tidak bisa dimuat ({{reason}}).',
      retry: 'Coba lagi',
      reply: 'Jawaban pendamping',
      exports: 'Ekspor',
    },
    visit: {
      back: 'Kembali ke daftar tinjauan',
      title: 'Kunjungan ke {{name}}',
      visitedAt: 'Waktu kunjungan',
      coach: 'Pendamping',
      kind: 'Jenis kunjungan',
      topics: 'Topik',
      notes: 'Catatan',
      problems: 'Kendala',
      advice: 'Saran',
      monthlySales: 'Omzet per bulan',
      employees: 'Tenaga kerja',
      location: 'Titik GPS',
      locationAccuracy: '± {{meters}} m',
      openMap: 'Buka di peta',
      noLocation: 'Tidak direkam',
      nothing: '—',
      followUps: 'Tindak lanjut',
      noFollowUps: 'Tidak ada tindak lanjut.',
      followUpDone: 'selesai {{date}}',
      followUpDue: 'tenggat {{date}}',
      checklists: 'Checklist di kunjungan ini',
      noChecklists: 'Tidak ada perubahan checklist di kunjungan ini.',
      checklistCount: '{{done}} butir terpenuhi',
      photos: 'Foto',
      noPhotos: 'Tidak ada foto.',
      showPhotos_one: 'Tampilkan {{count}} foto',
      showPhotos_other: 'Tampilkan {{count}} foto',
      fullSize: 'Ukuran penuh',
      photoMissing: 'Foto belum terunggah dari ponsel pendamping.',
      history: 'Riwayat tinjauan',
      historyEntry: '{{state}} — {{name}}, {{when}}',
      someone: 'sistem',
      decision: 'Keputusan',
      comment: 'Komentar untuk pendamping',
      commentHint: 'Wajib saat mengembalikan. Pendamping membacanya di layar Hari ini.',
      approve: 'Setujui',
      return: 'Kembalikan ke pendamping',
      saving: 'Menyimpan…',
      approved: 'Kunjungan disetujui.',
      returned: 'Kunjungan dikembalikan ke pendamping. Komentar akan sampai di ponselnya saat sinkron.',
      commentRequired: 'Tulis komentar untuk pendamping saat mengembalikan kunjungan.',
      stale:
        'Kunjungan ini sudah berubah sejak Anda membukanya (misalnya pendamping baru menjawab). Yang tampil sekarang versi terbarunya; komentar Anda tidak hilang. Periksa lalu putuskan lagi.',
      offline:
        'Tidak tersambung ke server. Komentar Anda tetap tersimpan di perangkat ini; coba lagi saat tersambung.',
      failed: 'Keputusan tidak tersimpan ({{reason}}). Komentar Anda tidak hilang.',
      notFound: 'Kunjungan ini tidak ditemukan (mungkin sudah dihapus).',
      loadOffline: 'Rincian kunjungan perlu koneksi internet. Periksa koneksi lalu coba lagi.',
      draftKept: 'Komentar yang belum terkirim dipulihkan.',
    },
  },
  {
    review: {
      title: 'Visit review',
      intro: 'Visits synced from the coaches’ phones, newest first.',
      filters: 'Filter',
      state: 'State',
      anyState: 'All states',
      coach: 'Coach',
      anyCoach: 'All coaches',
      district: 'Kecamatan',
      anyDistrict: 'All kecamatan',
      village: 'Kelurahan',
      anyVillage: 'All kelurahan',
      topic: 'Topic',
      anyTopic: 'All topics',
      from: 'From',
      to: 'To',
      reset: 'Clear filters',
      empty: 'No visits match these filters.',
      more: 'Load more',
      loading: 'Loading…',
      count_one: '{{count}} visit shown',
      count_other: '{{count}} visits shown',
      photos_one: '{{count}} photo',
      photos_other: '{{count}} photos',
      by: 'by {{name}}',
      offline: 'The review list needs an internet connection. Check the connection and try again.',
      failed: 'The list could not be loaded ({{reason}}).',
      retry: 'Try again',
      reply: 'Coach’s answer',
      exports: 'Export',
    },
    visit: {
      back: 'Back to the review list',
      title: 'Visit to {{name}}',
      visitedAt: 'Visited',
      coach: 'Coach',
      kind: 'Kind of visit',
      topics: 'Topics',
      notes: 'Notes',
      problems: 'Problems',
      advice: 'Advice',
      monthlySales: 'Monthly sales',
      employees: 'Workers',
      location: 'GPS point',
      locationAccuracy: '± {{meters}} m',
      openMap: 'Open in a map',
      noLocation: 'Not recorded',
      nothing: '—',
      followUps: 'Follow-ups',
      noFollowUps: 'No follow-ups.',
      followUpDone: 'done {{date}}',
      followUpDue: 'due {{date}}',
      checklists: 'Checklists at this visit',
      noChecklists: 'No checklist changes at this visit.',
      checklistCount: '{{done}} items met',
      photos: 'Photos',
      noPhotos: 'No photos.',
      showPhotos_one: 'Show {{count}} photo',
      showPhotos_other: 'Show {{count}} photos',
      fullSize: 'Full size',
      photoMissing: 'The photo has not been uploaded from the coach’s phone yet.',
      history: 'Review history',
      historyEntry: '{{state}} — {{name}}, {{when}}',
      someone: 'system',
      decision: 'Decision',
      comment: 'Comment for the coach',
      commentHint: 'Required when returning. The coach reads it on their Today screen.',
      approve: 'Approve',
      return: 'Return to the coach',
      saving: 'Saving…',
      approved: 'Visit approved.',
      returned: 'Visit returned to the coach. The comment reaches their phone on its next sync.',
      commentRequired: 'Write a comment for the coach when returning a visit.',
      stale:
        'This visit changed since you opened it (the coach may have just answered). The latest version is shown now; your comment is kept. Check it and decide again.',
      offline: 'No connection to the server. Your comment is kept on this device; try again when connected.',
      failed: 'The decision was not saved ({{reason}}). Your comment is kept.',
      notFound: 'This visit was not found (it may have been deleted).',
      loadOffline: 'Visit details need an internet connection. Check the connection and try again.',
      draftKept: 'An unsent comment was restored.',
    },
  },
);

/** Adds the desk's texts to the app's i18next instance (once) and returns its `t`. */
const addedSections = new WeakMap<object, Set<string>>();

/**
 * Adds one desk area's texts under `desk.<section>` (each area keeps its texts in its own file,
 * e.g. people-text.ts) and returns the translation hook's answer.
 */
export function useDeskSection(section: string, text: { id: object; en: object }) {
  const translation = useDeskTranslation();
  const { i18n } = translation;
  const added = addedSections.get(i18n) ?? new Set<string>();
  if (!added.has(section)) {
    i18n.addResourceBundle('id', 'translation', { desk: { [section]: text.id } }, true, false);
    i18n.addResourceBundle('en', 'translation', { desk: { [section]: text.en } }, true, false);
    added.add(section);
    addedSections.set(i18n, added);
  }
  return translation;
}

export function useDeskTranslation() {
  const translation = useTranslation();
  const { i18n } = translation;
  if (!i18n.exists('desk.review.title', { lng: 'id' })) {
    i18n.addResourceBundle('id', 'translation', { desk: deskText.id }, true, false);
    i18n.addResourceBundle('en', 'translation', { desk: deskText.en }, true, false);
  }
  return translation;
}
