/** UI languages. Finnish first: the method and most workshops are Finnish. */
export const locales = ['fi', 'en'] as const;

/** A supported UI language. */
export type Locale = (typeof locales)[number];

/**
 * English messages; the source of the key set. `{name}` placeholders are
 * filled by `t(key, { name })`. Keep sections per feature so parallel work
 * touches different lines.
 */
const en = {
  // --- app shell ---
  'app.name': 'Kohtaamo',
  'app.language': 'Language',
  'app.language.fi': 'Suomi',
  'app.language.en': 'English',
  'app.tagline':
    'A shared whiteboard for service-design workshops. Map journeys and ideas together with your customers, live, from any device — no account needed.',
  'app.loading': 'Loading…',
  'app.homeLink': 'Kohtaamo, front page',
  'app.reload': 'Reload page',
  // --- landing page ---
  'landing.title': 'Kohtaamo — shared whiteboard for workshops',
  'landing.create': 'Create a new board',
  'landing.open.heading': 'Open a board',
  'landing.open.label': 'Board link or code',
  'landing.open.hint': 'Paste the link you were given, or type the code that follows /b/ in it.',
  'landing.open.submit': 'Open',
  'landing.open.error.empty': 'Enter a board link or code.',
  'landing.open.error.invalid':
    'This is not a Kohtaamo board link or code. Check that you copied the whole link.',
  'landing.recent.heading': 'Recently opened on this device',
  'landing.recent.empty': 'Boards you open will be listed here.',
  'landing.recent.board': 'Board {code}',
  'landing.recent.openedAt': 'Opened {date}',
  'landing.recent.remove': 'Remove',
  'landing.recent.removeLabel': 'Remove board {code} from this list',
  // --- board page ---
  'board.title': 'Board {code} — Kohtaamo',
  'board.heading': 'Board {code}',
  'board.code': 'Code',
  'board.copyLink': 'Copy link',
  'board.copyLink.done': 'Link copied. Share it with the workshop participants.',
  'board.copyLink.failed': 'Could not copy. Copy the address from the address bar instead.',
  'board.changeName': '{name} — change your name',
  'board.loading': 'Loading the board…',
  'board.loadFailed': 'The board could not be loaded. Check your connection and reload the page.',
  // --- name dialog ---
  'nameDialog.title': 'Welcome! What should others call you?',
  'nameDialog.titleEdit': 'Change your name',
  'nameDialog.description':
    'Your name is shown to others next to your cursor. It is saved only on this device.',
  'nameDialog.label': 'Your name',
  'nameDialog.submit': 'Continue',
  'nameDialog.cancel': 'Cancel',
  'nameDialog.error.empty': 'Enter a name so that others know who you are.',
  // --- not found ---
  'notFound.title': 'Page not found — Kohtaamo',
  'notFound.heading': 'Page not found',
  'notFound.body':
    'There is nothing at this address. Check the link, or start from the front page.',
  'notFound.invalidBoard.heading': 'This board link is not valid',
  'notFound.invalidBoard.body':
    'The board code in the address is broken — perhaps part of the link was cut off when it was copied. Ask for the link again, or open the board from the front page.',
  'notFound.home': 'Go to the front page',
  // --- connection and sync ---
  'connection.connected': 'Connected',
  'connection.connecting': 'Connecting…',
  'connection.reconnecting': 'Reconnecting…',
  'connection.offline': 'Offline — changes are saved on this device',
  'sync.outdated.title': 'A newer version of Kohtaamo is in use',
  'sync.outdated.body':
    'This board was saved by a newer version. Reload the page to update before editing.',
  'sync.outdated.reload': 'Reload',
  'sync.loading': 'Loading the board…',
  'sync.fatal.tooLarge.title': 'This board is full',
  'sync.fatal.tooLarge.body':
    'The board has reached its maximum size, so new changes can’t be saved and editing is off. You can still view it. To continue, start a new board.',
  'sync.fatal.refused.title': 'The server refused the connection',
  'sync.fatal.refused.body':
    'The server could not accept data sent by this page, so changes can’t be saved and editing is off. Reload the page to try again.',
  'sync.fatal.reload': 'Reload page',
  // --- workshop templates ---
  'templates.insert': 'Insert template',
  'templates.panel.label': 'Template structure',
  'templates.stages': 'Stages (columns)',
  'templates.lanes': 'Lanes (rows)',
  'templates.stage.select': 'Stage',
  'templates.lane.select': 'Lane',
  'templates.stage.name': 'Stage name',
  'templates.lane.name': 'Lane name',
  'templates.rename': 'Rename',
  'templates.rename.hint': 'Leave the name empty to restore the default.',
  'templates.stage.add': 'Add stage after',
  'templates.stage.moveLeft': 'Move left',
  'templates.stage.moveRight': 'Move right',
  'templates.stage.remove': 'Remove stage',
  'templates.lane.add': 'Add lane below',
  'templates.lane.moveUp': 'Move up',
  'templates.lane.moveDown': 'Move down',
  'templates.lane.remove': 'Remove lane',
  'templates.stage.new': 'New stage',
  'templates.lane.new': 'New lane',
  'templates.error.blankLabel': 'This one has no default name. Type a name.',
  'templates.error.labelTooLong': 'The name is too long: at most {max} characters.',
  'templates.error.tooManyItems': 'The template cannot hold more of these.',
  'templates.error.other': 'The change could not be made.',
  'templates.feelings.legend': 'Your feelings',
  'templates.feelings.hint': 'Score each stage from −2 to +2. Only your own scores change.',
  'templates.feelings.none': '—',
  'templates.feelings.score.-2': '−2 very negative',
  'templates.feelings.score.-1': '−1 negative',
  'templates.feelings.score.0': '0 neutral',
  'templates.feelings.score.1': '+1 positive',
  'templates.feelings.score.2': '+2 very positive',
  // --- export and import of templates ---
  'export.menu': 'Export',
  'export.board.json': 'JSON (data of all templates)',
  'export.board.csv': 'CSV (spreadsheet)',
  'export.board.md': 'Markdown (report)',
  'export.board.pdf': 'PDF, one page per template (opens printing: choose “Save as PDF”)',
  'export.selected': 'Export selected template',
  'export.selectedMany': 'Export {count} selected templates',
  'export.format.json': 'JSON',
  'export.format.csv': 'CSV',
  'export.format.md': 'Markdown',
  'export.format.png': 'PNG image',
  'export.format.svg': 'SVG image',
  'export.pdf.documentTitle': 'Kohtaamo templates, board {board}',
  'export.pdf.noTemplates': 'There are no templates on the board to print.',
  'export.pdf.hint': 'In the print dialog, choose “Save as PDF” as the printer.',
  'export.failed': 'The export failed. Try again.',
  'import.menu': 'Import template (JSON)',
  'import.input': 'Kohtaamo JSON export file to import',
  'import.error.title': 'The template could not be imported',
  'import.error.invalid': 'The file is not a Kohtaamo JSON export of templates. Details: {detail}',
  'import.error.noTemplates': 'The file has no templates that this version of Kohtaamo knows.',
  'import.error.readonly': 'The board is read-only, so nothing can be imported.',
  'import.error.read': 'The file could not be read.',
  'import.done': 'Templates imported: {count}.',
  'import.skipped': '{count} templates of the file are unknown to this version and were left out.',
  // --- uploads (images and videos on the board) ---
  'uploads.failed.title': 'The file could not be added',
  'uploads.error.unsupportedType':
    'This file type can’t be added to the board. Allowed types: {types}.',
  'uploads.error.imageTooLarge': 'The image is too large. An image can be at most {limit}.',
  'uploads.error.videoTooLarge': 'The video is too large. A video can be at most {limit}.',
  'uploads.error.tooLarge': 'The file is too large. A file can be at most {limit}.',
  'uploads.error.empty': 'The file is empty.',
  'uploads.error.tooMany': 'Too many files at once. Add at most {max} files at a time.',
  'uploads.error.unreadable': 'The file could not be read. It may be damaged.',
  'uploads.error.forbidden': 'You are not allowed to add files to this board.',
  'uploads.error.network':
    'The file could not be sent because the server can’t be reached. Check your connection and try again.',
  'uploads.error.failed': 'The server could not save the file. Try again in a moment.',
} as const;

/** A message key. */
export type MessageKey = keyof typeof en;

const fi: Record<MessageKey, string> = {
  // --- app shell ---
  'app.name': 'Kohtaamo',
  'app.language': 'Kieli',
  'app.language.fi': 'Suomi',
  'app.language.en': 'English',
  'app.tagline':
    'Yhteinen valkotaulu palvelumuotoilun työpajoihin. Kartoittakaa palvelupolkuja ja ideoita yhdessä asiakkaiden kanssa reaaliajassa millä tahansa laitteella — ilman käyttäjätunnusta.',
  'app.loading': 'Ladataan…',
  'app.homeLink': 'Kohtaamo, etusivu',
  'app.reload': 'Lataa sivu uudelleen',
  // --- landing page ---
  'landing.title': 'Kohtaamo — yhteinen valkotaulu työpajoihin',
  'landing.create': 'Luo uusi taulu',
  'landing.open.heading': 'Avaa taulu',
  'landing.open.label': 'Taulun linkki tai koodi',
  'landing.open.hint': 'Liitä saamasi linkki tai kirjoita linkissä /b/:n jälkeen tuleva koodi.',
  'landing.open.submit': 'Avaa',
  'landing.open.error.empty': 'Kirjoita taulun linkki tai koodi.',
  'landing.open.error.invalid':
    'Tämä ei ole Kohtaamon taulun linkki tai koodi. Tarkista, että kopioit koko linkin.',
  'landing.recent.heading': 'Viimeksi avatut tällä laitteella',
  'landing.recent.empty': 'Avaamasi taulut näkyvät tässä.',
  'landing.recent.board': 'Taulu {code}',
  'landing.recent.openedAt': 'Avattu {date}',
  'landing.recent.remove': 'Poista',
  'landing.recent.removeLabel': 'Poista taulu {code} tästä luettelosta',
  // --- board page ---
  'board.title': 'Taulu {code} — Kohtaamo',
  'board.heading': 'Taulu {code}',
  'board.code': 'Koodi',
  'board.copyLink': 'Kopioi linkki',
  'board.copyLink.done': 'Linkki kopioitu. Jaa se työpajan osallistujille.',
  'board.copyLink.failed': 'Kopiointi ei onnistunut. Kopioi osoite selaimen osoiteriviltä.',
  'board.changeName': '{name} — vaihda nimesi',
  'board.loading': 'Ladataan taulua…',
  'board.loadFailed': 'Taulua ei voitu ladata. Tarkista verkkoyhteys ja lataa sivu uudelleen.',
  // --- name dialog ---
  'nameDialog.title': 'Tervetuloa! Millä nimellä näyt muille?',
  'nameDialog.titleEdit': 'Vaihda nimesi',
  'nameDialog.description':
    'Nimesi näkyy muille kohdistimesi vieressä. Se tallentuu vain tälle laitteelle.',
  'nameDialog.label': 'Nimesi',
  'nameDialog.submit': 'Jatka',
  'nameDialog.cancel': 'Peruuta',
  'nameDialog.error.empty': 'Kirjoita nimi, jotta muut tietävät, kuka olet.',
  // --- not found ---
  'notFound.title': 'Sivua ei löytynyt — Kohtaamo',
  'notFound.heading': 'Sivua ei löytynyt',
  'notFound.body': 'Tästä osoitteesta ei löydy mitään. Tarkista linkki tai aloita etusivulta.',
  'notFound.invalidBoard.heading': 'Taulun linkki ei kelpaa',
  'notFound.invalidBoard.body':
    'Osoitteessa oleva taulun koodi on virheellinen – ehkä osa linkistä katkesi kopioitaessa. Pyydä linkki uudelleen tai avaa taulu etusivulta.',
  'notFound.home': 'Siirry etusivulle',
  // --- connection and sync ---
  'connection.connected': 'Yhdistetty',
  'connection.connecting': 'Yhdistetään…',
  'connection.reconnecting': 'Yhdistetään uudelleen…',
  'connection.offline': 'Ei yhteyttä — muutokset tallentuvat tälle laitteelle',
  'sync.outdated.title': 'Kohtaamosta on käytössä uudempi versio',
  'sync.outdated.body':
    'Tämä taulu on tallennettu uudemmalla versiolla. Lataa sivu uudelleen ennen muokkaamista.',
  'sync.outdated.reload': 'Lataa uudelleen',
  'sync.loading': 'Ladataan taulua…',
  'sync.fatal.tooLarge.title': 'Taulu on täynnä',
  'sync.fatal.tooLarge.body':
    'Taulu on saavuttanut enimmäiskokonsa, joten uusia muutoksia ei voi tallentaa ja muokkaus on pois päältä. Voit yhä katsella taulua. Jatka työskentelyä uudella taululla.',
  'sync.fatal.refused.title': 'Palvelin hylkäsi yhteyden',
  'sync.fatal.refused.body':
    'Palvelin ei voinut vastaanottaa tältä sivulta lähetettyjä tietoja, joten muutoksia ei voi tallentaa ja muokkaus on pois päältä. Lataa sivu uudelleen ja yritä uudestaan.',
  'sync.fatal.reload': 'Lataa sivu uudelleen',
  // --- workshop templates ---
  'templates.insert': 'Lisää pohja',
  'templates.panel.label': 'Pohjan rakenne',
  'templates.stages': 'Vaiheet (sarakkeet)',
  'templates.lanes': 'Rivit',
  'templates.stage.select': 'Vaihe',
  'templates.lane.select': 'Rivi',
  'templates.stage.name': 'Vaiheen nimi',
  'templates.lane.name': 'Rivin nimi',
  'templates.rename': 'Nimeä',
  'templates.rename.hint': 'Jätä nimi tyhjäksi, niin oletusnimi palautuu.',
  'templates.stage.add': 'Lisää vaihe perään',
  'templates.stage.moveLeft': 'Siirrä vasemmalle',
  'templates.stage.moveRight': 'Siirrä oikealle',
  'templates.stage.remove': 'Poista vaihe',
  'templates.lane.add': 'Lisää rivi alle',
  'templates.lane.moveUp': 'Siirrä ylös',
  'templates.lane.moveDown': 'Siirrä alas',
  'templates.lane.remove': 'Poista rivi',
  'templates.stage.new': 'Uusi vaihe',
  'templates.lane.new': 'Uusi rivi',
  'templates.error.blankLabel': 'Tällä ei ole oletusnimeä. Kirjoita nimi.',
  'templates.error.labelTooLong': 'Nimi on liian pitkä: enintään {max} merkkiä.',
  'templates.error.tooManyItems': 'Pohjaan ei mahdu enempää näitä.',
  'templates.error.other': 'Muutosta ei voitu tehdä.',
  'templates.feelings.legend': 'Omat tunteesi',
  'templates.feelings.hint': 'Arvioi jokainen vaihe asteikolla −2…+2. Vain omat arviosi muuttuvat.',
  'templates.feelings.none': '—',
  'templates.feelings.score.-2': '−2 hyvin kielteinen',
  'templates.feelings.score.-1': '−1 kielteinen',
  'templates.feelings.score.0': '0 neutraali',
  'templates.feelings.score.1': '+1 myönteinen',
  'templates.feelings.score.2': '+2 hyvin myönteinen',
  // --- export and import of templates ---
  'export.menu': 'Vie',
  'export.board.json': 'JSON (kaikkien pohjien tiedot)',
  'export.board.csv': 'CSV (taulukko)',
  'export.board.md': 'Markdown (raportti)',
  'export.board.pdf': 'PDF, pohja per sivu (avaa tulostuksen: valitse ”Tallenna PDF-muodossa”)',
  'export.selected': 'Vie valittu pohja',
  'export.selectedMany': 'Vie {count} valittua pohjaa',
  'export.format.json': 'JSON',
  'export.format.csv': 'CSV',
  'export.format.md': 'Markdown',
  'export.format.png': 'PNG-kuva',
  'export.format.svg': 'SVG-kuva',
  'export.pdf.documentTitle': 'Kohtaamon pohjat, taulu {board}',
  'export.pdf.noTemplates': 'Taululla ei ole tulostettavia pohjia.',
  'export.pdf.hint': 'Valitse tulostusikkunassa tulostimeksi ”Tallenna PDF-muodossa”.',
  'export.failed': 'Vienti epäonnistui. Yritä uudelleen.',
  'import.menu': 'Tuo pohja (JSON)',
  'import.input': 'Tuotava Kohtaamon JSON-vientitiedosto',
  'import.error.title': 'Pohjaa ei voitu tuoda',
  'import.error.invalid':
    'Tiedosto ei ole Kohtaamon pohjien JSON-vientitiedosto. Tarkemmin: {detail}',
  'import.error.noTemplates': 'Tiedostossa ei ole pohjia, jotka tämä Kohtaamon versio tuntee.',
  'import.error.readonly': 'Taulu on vain luku -tilassa, joten mitään ei voi tuoda.',
  'import.error.read': 'Tiedostoa ei voitu lukea.',
  'import.done': 'Pohjia tuotu: {count}.',
  'import.skipped':
    'Tiedoston pohjista {count} on tälle versiolle tuntemattomia, ja ne jätettiin pois.',
  // --- uploads (images and videos on the board) ---
  'uploads.failed.title': 'Tiedostoa ei voitu lisätä',
  'uploads.error.unsupportedType':
    'Tätä tiedostotyyppiä ei voi lisätä tauluun. Sallitut tyypit: {types}.',
  'uploads.error.imageTooLarge': 'Kuva on liian suuri. Kuvan enimmäiskoko on {limit}.',
  'uploads.error.videoTooLarge': 'Video on liian suuri. Videon enimmäiskoko on {limit}.',
  'uploads.error.tooLarge': 'Tiedosto on liian suuri. Tiedoston enimmäiskoko on {limit}.',
  'uploads.error.empty': 'Tiedosto on tyhjä.',
  'uploads.error.tooMany':
    'Liian monta tiedostoa kerralla. Lisää enintään {max} tiedostoa kerrallaan.',
  'uploads.error.unreadable': 'Tiedostoa ei voitu lukea. Se voi olla vioittunut.',
  'uploads.error.forbidden': 'Sinulla ei ole oikeutta lisätä tiedostoja tähän tauluun.',
  'uploads.error.network':
    'Tiedostoa ei voitu lähettää, koska palvelimeen ei saada yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.',
  'uploads.error.failed': 'Palvelin ei voinut tallentaa tiedostoa. Yritä hetken päästä uudelleen.',
};

/** Every message in every locale. */
export const messages: Record<Locale, Record<MessageKey, string>> = { en, fi };

/** Fills `{name}` placeholders; unknown placeholders stay visible. */
export function formatMessage(
  template: string,
  params: Record<string, string | number> = {},
): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in params ? String(params[name]) : match,
  );
}

/** The best supported locale for a list of browser languages (`navigator.languages`). */
export function pickLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    const match = locales.find((locale) => locale === base);
    if (match) return match;
  }
  return 'en';
}
