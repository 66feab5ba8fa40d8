import { bilingual } from './bilingual';

/** Texts of the sign-in screen (Masuk) and the notice shown there after an account was closed. */
export const loginText = bilingual(
  {
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
  {
    title: 'Sign in',
    username: 'Username',
    usernameHint: 'Business owners: sign in with your phone number.',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    demoAccounts: 'Demo accounts: {{accounts}} — password {{password}}',
    offline: 'No connection. The first sign-in needs the internet; after that the app works without signal.',
    accountClosed:
      'Your account was deactivated by the coordinator, so you have been signed out. Every change from this device was sent to the server.',
    accountClosedRejected_one:
      '{{count}} change was refused by the server and not stored there; its data is still on this device. The reason:',
    accountClosedRejected_other:
      '{{count}} changes were refused by the server and not stored there; their data is still on this device. The reasons:',
  },
);
