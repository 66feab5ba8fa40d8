import { bilingual } from './bilingual';

/**
 * Texts of the licensing hints (shared/domain/licensing-hints.ts). Values come raw from the rules;
 * the screen formats {{sales}}/{{limit}} as rupiah and {{sizeClass}} with sizeClass.*.
 */
export const hintsText = bilingual(
  {
    title: 'Petunjuk perizinan',
    disclaimer:
      'Petunjuk dihitung dari data profil di ponsel, bukan keputusan resmi. Pastikan ke OSS-RBA, BPJPH, Dinas Kesehatan atau BPOM.',
    heuristic:
      'Jenis produk dikenali dari kode KBLI dan kata di deskripsi produk; periksa kembali bersama pemilik.',
    none: 'Tidak ada petunjuk perizinan untuk usaha ini.',
    tone: { action: 'Perlu tindakan', warning: 'Perhatian', ok: 'Sudah beres' },
    nibMissing: {
      title: 'Daftar NIB lewat OSS-RBA dulu',
      how: 'Daftar gratis di oss.go.id dengan NIK dan email pemilik; usaha berisiko rendah langsung mendapat NIB.',
      why: 'NIB jadi dasar izin lain: P-IRT, sertifikat halal, dan akses KUR.',
    },
    nibFirst: 'Urus NIB lewat OSS-RBA lebih dulu.',
    halalHeld: { title: 'Sudah bersertifikat halal', number: 'Nomor: {{number}}' },
    halalEligible: {
      title: 'Memenuhi syarat halal self-declare (SEHATI)',
      ingredients:
        'Pastikan bahan berisiko rendah: bahan sudah bersertifikat halal atau tidak kritis, proses produksi sederhana.',
      howTo:
        'Daftar lewat SIHALAL (ptsp.halal.go.id) dengan pendamping proses produk halal (PPH); gratis selama kuota SEHATI ada.',
    },
    halalNotYet: {
      title: 'Belum memenuhi syarat halal self-declare (SEHATI)',
      regularRoute: 'Di atas batas itu, sertifikasi halal lewat jalur reguler (pemeriksaan oleh LPH).',
    },
    halalMissing: {
      nib: 'Belum punya NIB.',
      sizeUnknown: 'Kelas usaha belum diketahui: isi modal atau omzet tahunan di profil.',
      sizeTooBig: 'Kelas usaha {{sizeClass}}; self-declare hanya untuk usaha mikro dan kecil.',
      salesUnknown: 'Omzet tahunan belum diisi; batasnya {{limit}} setahun.',
      salesTooHigh: 'Omzet tahunan {{sales}} melebihi batas {{limit}}.',
    },
    bpomReason: {
      sterilised: {
        byKbli: 'KBLI {{kbli}}: pangan yang disterilkan atau dikalengkan.',
        byWord: 'Pangan yang disterilkan atau dikalengkan (kata “{{word}}”).',
      },
      pasteurised: {
        byKbli: 'KBLI {{kbli}}: susu dan olahannya yang dipasteurisasi.',
        byWord: 'Pangan yang dipasteurisasi (kata “{{word}}”).',
      },
      frozen: {
        byKbli: 'KBLI {{kbli}}: pangan beku.',
        byWord: 'Pangan beku (kata “{{word}}”).',
      },
      chilled_animal: {
        byKbli: 'KBLI {{kbli}}: pangan hewani yang disimpan dingin.',
        byWord: 'Pangan hewani yang disimpan dingin (kata “{{word}}”).',
      },
      special_diet: {
        byKbli: 'KBLI {{kbli}}: pangan untuk diet khusus atau bayi.',
        byWord: 'Pangan untuk diet khusus atau bayi (kata “{{word}}”).',
      },
    },
    bpomHeld: { title: 'Sudah punya izin edar BPOM', number: 'Nomor: {{number}}' },
    bpomRequired: {
      title: 'Perlu izin edar BPOM MD, bukan P-IRT',
      action: 'P-IRT tidak berlaku untuk jenis pangan ini. Ajukan BPOM MD; sarana produksi akan diperiksa.',
    },
    pirtNotAllowed: {
      title: 'P-IRT tidak berlaku untuk produk ini',
      action: 'Produk ini perlu izin edar BPOM MD; P-IRT yang tercatat tidak mencakupnya.',
    },
    foodPermitHeld: {
      pirt: 'Sudah punya izin edar P-IRT',
      bpom: 'Sudah punya izin edar BPOM',
      number: 'Nomor: {{number}}',
    },
    foodPermitMissing: {
      title: 'Perlu izin edar pangan',
      pirt: 'Pangan olahan rumah tangga: ajukan SPP-IRT (P-IRT) lewat OSS-RBA, diverifikasi Dinas Kesehatan.',
      training:
        'Syaratnya antara lain sertifikat penyuluhan keamanan pangan (PKP) dan label kemasan yang sesuai.',
    },
  },
  {
    title: 'Licensing hints',
    disclaimer:
      'Hints are computed from the profile data on the phone, not an official decision. Confirm with OSS-RBA, BPJPH, the health office or BPOM.',
    heuristic:
      'The product type is guessed from the KBLI code and the words of the product description; check with the owner.',
    none: 'No licensing hints for this business.',
    tone: { action: 'Action needed', warning: 'Attention', ok: 'In order' },
    nibMissing: {
      title: 'Register for an NIB through OSS-RBA first',
      how: 'Free at oss.go.id with the owner’s NIK and email; low-risk businesses get the NIB at once.',
      why: 'The NIB is the basis of the other licences: P-IRT, halal certificate and KUR loans.',
    },
    nibFirst: 'Get the NIB through OSS-RBA first.',
    halalHeld: { title: 'Halal certified', number: 'Number: {{number}}' },
    halalEligible: {
      title: 'Eligible for halal self-declare (SEHATI)',
      ingredients:
        'Make sure the ingredients are low-risk: already halal-certified or not critical, and production is simple.',
      howTo:
        'Apply through SIHALAL (ptsp.halal.go.id) with a halal process companion (PPH); free while the SEHATI quota lasts.',
    },
    halalNotYet: {
      title: 'Not yet eligible for halal self-declare (SEHATI)',
      regularRoute: 'Above that limit, halal certification goes through the regular route (audit by an LPH).',
    },
    halalMissing: {
      nib: 'No NIB yet.',
      sizeUnknown: 'Business size unknown: enter capital or annual sales in the profile.',
      sizeTooBig: 'Business size {{sizeClass}}; self-declare is for micro and small businesses only.',
      salesUnknown: 'Annual sales not entered; the limit is {{limit}} a year.',
      salesTooHigh: 'Annual sales of {{sales}} exceed the {{limit}} limit.',
    },
    bpomReason: {
      sterilised: {
        byKbli: 'KBLI {{kbli}}: sterilised or canned food.',
        byWord: 'Sterilised or canned food (the word “{{word}}”).',
      },
      pasteurised: {
        byKbli: 'KBLI {{kbli}}: pasteurised milk and dairy products.',
        byWord: 'Pasteurised food (the word “{{word}}”).',
      },
      frozen: {
        byKbli: 'KBLI {{kbli}}: frozen food.',
        byWord: 'Frozen food (the word “{{word}}”).',
      },
      chilled_animal: {
        byKbli: 'KBLI {{kbli}}: chilled animal products.',
        byWord: 'Chilled animal products (the word “{{word}}”).',
      },
      special_diet: {
        byKbli: 'KBLI {{kbli}}: special-diet or baby food.',
        byWord: 'Special-diet or baby food (the word “{{word}}”).',
      },
    },
    bpomHeld: { title: 'Has a BPOM distribution permit', number: 'Number: {{number}}' },
    bpomRequired: {
      title: 'Needs a BPOM MD permit, not P-IRT',
      action:
        'P-IRT does not cover this kind of food. Apply for BPOM MD; the production site will be inspected.',
    },
    pirtNotAllowed: {
      title: 'P-IRT does not cover this product',
      action: 'This product needs a BPOM MD permit; the recorded P-IRT does not cover it.',
    },
    foodPermitHeld: {
      pirt: 'Has a P-IRT distribution permit',
      bpom: 'Has a BPOM distribution permit',
      number: 'Number: {{number}}',
    },
    foodPermitMissing: {
      title: 'Needs a food distribution permit',
      pirt: 'Home-industry processed food: apply for SPP-IRT (P-IRT) through OSS-RBA, verified by the health office.',
      training: 'Requirements include a food-safety training certificate (PKP) and a compliant label.',
    },
  },
);
