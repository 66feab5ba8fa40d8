import { todayText } from './features/today';
import { businessesText } from './features/businesses';
import { visitsText } from './features/visits';
import { historyText } from './features/history';
import { invitesText } from './features/invites';
import { hintsText } from './features/hints';
import { labelsText } from './features/labels';
import { businessFormText } from './features/business-form';
import type { Catalogue } from './index';

/** English, the second language. Same keys as id.ts (the type enforces it). */
export const en: Catalogue = {
  app: {
    name: 'binaan',
    tagline: 'City UMKM coaching',
    demoBanner: 'Demo data — not real businesses',
    loading: 'Loading…',
    skipToContent: 'Skip to content',
  },
  language: { label: 'Language', id: 'Bahasa Indonesia', en: 'English' },
  roles: { coordinator: 'Coordinator', coach: 'Coach', owner: 'Business owner' },
  login: {
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
  nav: {
    today: 'Today',
    businesses: 'Businesses',
    visits: 'Visits',
    review: 'Review',
    dashboard: 'Dashboard',
    assignments: 'Assignments',
    people: 'People',
    import: 'Import',
    apiTokens: 'City API',
    myBusiness: 'My business',
    progress: 'Progress',
    settings: 'Settings',
    logout: 'Sign out',
    mainMenu: 'Main menu',
  },
  home: {
    greeting: 'Hello, {{name}}',
    organisation: 'Office: {{name}}',
  },
  sync: {
    area: 'Sync status',
    online: 'Online',
    offline: 'Offline — data is saved on this phone',
    pending_one: '{{count}} change not yet sent',
    pending_other: '{{count}} changes not yet sent',
    downloading: 'Downloading data…',
    allSent: 'All changes sent',
    rejected: {
      invalid: 'This change is not valid ({{detail}}). Correct it and save again.',
      unknownTable: 'The server does not know this kind of data ({{detail}}). Update the app.',
      unknownField: 'The server does not know this field ({{detail}}). Update the app.',
      forbiddenField: 'You may not change this field ({{detail}}).',
      forbidden: 'You may not change this record.',
      notFound: 'The record changed is not on the server.',
      locked: 'A coordinator approved this visit; it can no longer be changed.',
      badReference: 'This refers to a business or visit that does not exist or is not yours ({{detail}}).',
      moved:
        'A coordinator moved this business to another coach, so this change was not saved. Your visits are still accepted; contact the coordinator if something needs changing.',
    },
    /** Field names in the reasons above, as the forms call them. */
    fields: {
      assignedCoachId: 'Coach',
      createdBy: 'Created by',
      reviewState: 'Review status',
      reviewComment: 'Coordinator comment',
      coachId: 'Visiting coach',
      businessId: 'Business',
      visitId: 'Visit',
      kind: 'Kind',
      sha256: 'Photo',
    },
  },
  pwa: {
    updateAvailable: 'A new version of binaan is available.',
    updateNow: 'Update now',
    later: 'Later',
    updateBlocked: 'Save or close the form you are filling in first, then update.',
    offlineReady: 'The app is ready to use offline.',
    dismiss: 'Close',
  },
  errors: {
    pageOffline:
      'This page is not stored on this device yet and needs an internet connection to open the first time. Data already saved is not lost.',
    pageFailed: 'This page failed to load. Data already saved is not lost.',
    reload: 'Reload',
    notFound: 'Page not found.',
    backHome: 'Back to home',
    network: 'Cannot reach the server. Check the connection and try again.',
    unexpected: 'Something unexpected went wrong. Try again.',
    forbidden: 'You may not open this page.',
  },
  api: {
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
  validation: {
    ownerSecret: 'Use a 6-digit PIN or a password of at least 8 characters (not only digits).',
    duplicateEntry: 'An entry is repeated.',
    mergeSelf: 'A business cannot be merged with itself.',
    cursor: 'Unknown sync cursor; start again from 0.',
    required: 'Required.',
    tooLong: 'Too long.',
    invalidType: 'Wrong type of data (expected {{expected}}).',
    unknownField: 'Unknown field: {{keys}}.',
    invalidValue: 'Invalid value.',
    id: 'Invalid id.',
    date: 'Invalid date.',
    dateTime: 'Invalid date and time.',
    cityCode: 'City/regency code must look like 00.00.',
    districtCode: 'Kecamatan code must look like 00.00.00.',
    villageCode: 'Kelurahan/desa code must look like 00.00.00.1000.',
    reviewCommentRequired: 'Write a comment for the coach when returning a visit.',
    apiScopes: 'Choose at least one kind of data it may read.',
    apiTokenExpiry: 'The end date must be in the future.',
    cursorFormat: 'Unknown page marker; reload the list from the start.',
    dateRange: 'The end date cannot be before the start date.',
    villageOutsideDistrict: 'The kelurahan is not in the chosen kecamatan.',
    nib: 'NIB must be 13 digits.',
    nik: 'NIK must be 16 digits with a valid region code and birth date.',
    phone: 'Not a valid Indonesian phone number (e.g. 0812-3456-7890).',
    money: 'Enter an amount in rupiah.',
    moneyInteger: 'Rupiah must be a whole number.',
    moneyNegative: 'The amount cannot be negative.',
    moneyTooLarge: 'The amount is too large.',
    latitude: 'Invalid latitude.',
    longitude: 'Invalid longitude.',
    url: 'A link must start with http:// or https://.',
    kbli: 'A KBLI code has 5 digits.',
    pirt: 'A P-IRT number has at least 15 digits.',
    bpom: 'A BPOM number is MD or ML followed by digits.',
    role: 'Unknown role.',
    staffRole: 'Choose coach or coordinator.',
    username: 'Username of 3–40 characters: lower-case letters, digits, dot, underscore or hyphen.',
    passwordShort: 'The password needs at least 10 characters.',
    sha256: 'Invalid photo fingerprint (SHA-256).',
    photoType: 'A photo must be JPEG, WebP or PNG.',
    photoTooLarge: 'The photo is too large.',
    duplicateItem: 'A checklist item appears twice.',
    tooSmall: 'Too small.',
    tooBig: 'Too large.',
  },
  sizeClass: { mikro: 'Micro', kecil: 'Small', menengah: 'Medium', besar: 'Large' },
  settings: {
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
  today: todayText.en,
  businesses: businessesText.en,
  visits: visitsText.en,
  history: historyText.en,
  invites: invitesText.en,
  hints: hintsText.en,
  labels: labelsText.en,
  businessForm: businessFormText.en,
};
