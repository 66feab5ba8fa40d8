import type { ChecklistTemplate } from './checklist-template';

export const digitalMarketingChecklistV1: ChecklistTemplate = {
  kind: 'digital_marketing',
  version: 1,
  title: { id: 'Pemasaran digital', en: 'Digital marketing' },
  source: 'Coaching practice; Bank Indonesia QRIS MDR rules (1 Dec 2024)',
  items: [
    {
      id: 'wa_business_catalogue',
      group: 'channels',
      appliesTo: 'all',
      evidence: ['link', 'handle', 'photo'],
      label: {
        id: 'Profil WhatsApp Business dengan katalog (foto, harga, deskripsi)',
        en: 'WhatsApp Business profile with catalogue (photo, price, description)',
      },
    },
    {
      id: 'google_business',
      group: 'channels',
      appliesTo: 'all',
      evidence: ['link', 'photo'],
      label: { id: 'Google Business Profile terverifikasi', en: 'Verified Google Business Profile' },
      hint: { id: 'Usaha rumahan menyembunyikan alamat', en: 'Home businesses hide their address' },
    },
    {
      id: 'social_business_account',
      group: 'channels',
      appliesTo: 'all',
      evidence: ['link', 'handle'],
      label: {
        id: 'Akun bisnis Instagram/Facebook/TikTok dengan unggahan rutin',
        en: 'Instagram/Facebook/TikTok business account with regular posts',
      },
    },
    {
      id: 'product_photos',
      group: 'practice',
      appliesTo: 'all',
      evidence: ['photo', 'link'],
      label: { id: 'Foto produk yang baik', en: 'Good product photos' },
    },
    {
      id: 'marketplace_shop',
      group: 'channels',
      appliesTo: 'all',
      evidence: ['link'],
      label: {
        id: 'Toko marketplace (Shopee, Tokopedia, TikTok Shop …) dengan judul, deskripsi, foto',
        en: 'Marketplace shop (Shopee, Tokopedia, TikTok Shop …) with titles, descriptions, photos',
      },
    },
    {
      id: 'food_delivery',
      group: 'channels',
      appliesTo: 'food',
      evidence: ['link', 'photo'],
      label: {
        id: 'Layanan pesan antar (GrabFood, GoFood, ShopeeFood)',
        en: 'Food delivery (GrabFood, GoFood, ShopeeFood)',
      },
    },
    {
      id: 'qris',
      group: 'practice',
      appliesTo: 'all',
      evidence: ['photo'],
      label: { id: 'Pembayaran QRIS', en: 'QRIS payments' },
      hint: {
        id: 'Biaya 0% untuk usaha mikro pada transaksi s.d. Rp500 ribu',
        en: '0% fee for micro merchants on transactions up to Rp500k',
      },
    },
    {
      id: 'review_replies',
      group: 'practice',
      appliesTo: 'all',
      evidence: ['link', 'photo'],
      label: { id: 'Membalas ulasan pelanggan', en: 'Replies to customer reviews' },
    },
    {
      id: 'digital_bookkeeping',
      group: 'practice',
      appliesTo: 'all',
      evidence: ['photo'],
      label: { id: 'Pembukuan digital sederhana', en: 'Simple digital bookkeeping habit' },
    },
  ],
};
