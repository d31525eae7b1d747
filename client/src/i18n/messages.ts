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
  // --- concept canvas: costs and fit ---
  'canvas.panel.label': 'Concept details',
  'canvas.panel.hide': 'Hide concept details',
  'canvas.panel.show': 'Show concept details',
  'canvas.costs.legend': 'Costs and revenues',
  'canvas.costs.hint':
    'Amounts in euros, e.g. 12,50 or 12.50. A change is saved when you leave the field or press Enter.',
  'canvas.costs.costLines': 'Costs',
  'canvas.costs.revenueLines': 'Revenues',
  'canvas.costs.column.label': 'Description',
  'canvas.costs.column.amount': 'Amount (€)',
  'canvas.costs.column.quantity': 'Quantity',
  'canvas.costs.cost.label': 'Cost line {n}: description',
  'canvas.costs.cost.amount': 'Cost line {n}: amount (€)',
  'canvas.costs.cost.quantity': 'Cost line {n}: quantity (empty = 1)',
  'canvas.costs.cost.remove': 'Remove cost line {n}',
  'canvas.costs.cost.add': 'Add cost line',
  'canvas.costs.revenue.label': 'Revenue line {n}: description',
  'canvas.costs.revenue.amount': 'Revenue line {n}: amount (€)',
  'canvas.costs.revenue.quantity': 'Revenue line {n}: quantity (empty = 1)',
  'canvas.costs.revenue.remove': 'Remove revenue line {n}',
  'canvas.costs.revenue.add': 'Add revenue line',
  'canvas.costs.remove': 'Remove',
  'canvas.costs.none': 'No lines yet.',
  'canvas.costs.totals': 'Totals',
  'canvas.costs.totalCosts': 'Total costs',
  'canvas.costs.totalRevenues': 'Total revenues',
  'canvas.costs.margin': 'Margin',
  'canvas.costs.marginPercent': 'Margin %',
  'canvas.costs.noRevenue': '– (no revenue)',
  'canvas.costs.error.empty': 'Enter an amount, e.g. 12,50.',
  'canvas.costs.error.invalid':
    'This is not an amount. Use digits and one decimal mark, e.g. 1200,50 or 1200.50.',
  'canvas.costs.error.negative':
    'An amount cannot be negative: put costs and revenues on their own lists.',
  'canvas.costs.error.decimals': 'Use at most two decimals (whole cents).',
  'canvas.costs.error.tooLarge': 'The amount is too large: at most {max}.',
  'canvas.costs.error.quantity':
    'The quantity must be a whole number from 0 to {max}, or empty for 1.',
  'canvas.costs.error.total': 'The change was not saved: the total would be too large.',
  'canvas.costs.error.tooManyLines': 'A list holds at most {max} lines.',
  'canvas.costs.drawing.costs': 'Costs: {amount}',
  'canvas.costs.drawing.revenues': 'Revenues: {amount}',
  'canvas.costs.drawing.margin': 'Margin: {amount} ({percent})',
  'canvas.costs.drawing.marginNoPercent': 'Margin: {amount}',
  'canvas.fit.legend': 'Fit with the value proposition',
  'canvas.fit.statement': 'The company’s value proposition',
  'canvas.fit.statement.hint':
    'One text for the whole team, saved when you leave the field. At most {max} characters.',
  'canvas.fit.statement.tooLong': 'The text is too long: at most {max} characters.',
  'canvas.fit.rating.legend': 'Your rating: how well does the concept fit?',
  'canvas.fit.rating.1': '1 – does not fit',
  'canvas.fit.rating.2': '2 – fits poorly',
  'canvas.fit.rating.3': '3 – fits somewhat',
  'canvas.fit.rating.4': '4 – fits well',
  'canvas.fit.rating.5': '5 – fits perfectly',
  'canvas.fit.rating.clear': 'Withdraw my rating',
  'canvas.fit.summary': 'Team’s mean {mean} / 5 (n = {n})',
  'canvas.fit.summary.none': 'Nobody has rated yet.',
  'canvas.fit.drawing.rating': 'Fit {mean} / 5 (n = {n})',
  'canvas.fit.drawing.noRating': 'Fit: not rated yet',
  // --- concept canvas: insight and visuals ---
  'canvas.media.url': 'Video link',
  'canvas.media.urlHint':
    'YouTube, Vimeo and other video links play on the board; other links become link cards.',
  'canvas.media.embed': 'Embed video',
  'canvas.media.upload': 'Upload image or video',
  'canvas.media.addImages': 'Add images',
  'canvas.media.arrange': 'Arrange mood board',
  'canvas.media.visualsHint': 'Arranging puts the images of this field in tidy rows inside it.',
  'canvas.media.adding': 'Adding files…',
  'canvas.media.added': 'Files added: {count}.',
  'canvas.media.embedded': 'The video was added to {field}.',
  'canvas.media.bookmarked':
    'This site has no player tldraw knows, so the link was added to {field} as a card.',
  'canvas.media.arranged': 'Images arranged: {count}.',
  'canvas.media.error.urlEmpty': 'Paste a video link first.',
  'canvas.media.error.urlInvalid':
    'This is not a web address. A link starts with https:// (copy it from the browser’s address bar).',
  'canvas.media.error.urlNotHttp':
    'Only web links that start with https:// or http:// can be added.',
  'canvas.media.error.readonly': 'This board is read-only.',
  'canvas.media.error.noneAdded': 'No file was added.',
  'canvas.media.error.nothingToArrange': 'There are no images in {field} to arrange yet.',
  // --- concept comparison ---
  'compare.menu': 'Compare concepts',
  'compare.title': 'Compare concepts',
  'compare.caption': 'Concept canvases on this page, from left to right',
  'compare.hint': 'Choose a concept’s name to show its canvas on the board.',
  'compare.corner': 'Field',
  'compare.untitled': 'Concept {number}',
  'compare.emptyCell': 'Empty',
  'compare.empty':
    'There are no Tolvanen concept canvases on this page yet. Insert one with “Insert template” → “Tolvanen concept canvas” in the toolbar or the main menu, and write the concept’s name on a note in its Name field.',
  'compare.single': 'Insert another concept canvas to compare concepts side by side.',
  'compare.row.fitRating': 'Fit rating',
  'compare.fit.rating': '{mean} / {scale} (n = {n}; lowest {min}, highest {max})',
  'compare.row.totalCosts': 'Total costs',
  'compare.row.totalRevenues': 'Total revenues',
  'compare.row.margin': 'Margin',
  'compare.row.marginPercent': 'Margin %',
  'compare.items.images': 'Images: {count}',
  'compare.items.videos': 'Videos: {count}',
  'compare.items.other': 'Other items: {count}',
  'compare.copyMarkdown': 'Copy as Markdown',
  'compare.copied': 'The table was copied as Markdown.',
  'compare.copyFailed': 'Copying failed: the browser did not allow access to the clipboard.',
  'compare.downloadCsv': 'Download CSV',
  'compare.close': 'Close',
  'compare.fileSuffix': 'concepts',
  // --- template header rename ---
  'templates.headerRename.stageLabel': 'New name for the stage “{name}”',
  'templates.headerRename.laneLabel': 'New name for the lane “{name}”',
  'templates.headerRename.hint':
    'Enter saves, Esc cancels, Tab saves and moves to the next name. Leave it empty to restore the default name.',
  // --- rate limits ---
  'sync.fatal.rateLimited.title': 'Too many changes too fast',
  'sync.fatal.rateLimited.body':
    'The server closed the connection because this page sent changes faster than it accepts, so editing is off. Your changes are kept on this device: reload the page to send them and continue.',
  // --- reactions ---
  'reactions.bar.label': 'Reactions',
  'reactions.kind.thumbsUp': 'Thumbs up',
  'reactions.kind.heart': 'Heart',
  'reactions.kind.idea': 'Idea',
  'reactions.kind.question': 'Question',
  'reactions.kind.warning': 'Warning',
  'reactions.button.label': '{reaction} ({count})',
  'reactions.chips.label': 'Reactions: {summary}',
  'reactions.chip.label': '{reaction} {count}',
  // --- rooms and invitations ---
  'rooms.create.titleLabel': 'Board title (optional)',
  'rooms.create.titleHint':
    'For example "Customer journey workshop". Shown to the people you invite. You can leave it empty.',
  'rooms.create.defaultTitle': 'Workshop {date}',
  'rooms.create.error.network':
    'The board could not be created: no connection to the server. Check your connection and try again.',
  'rooms.create.error.rateLimited':
    'Too many boards were created from here in the last hour. Wait a few minutes and try again.',
  'rooms.create.error.failed': 'The board could not be created. Try again in a moment.',
  'rooms.fatal.unauthorized.title': 'This link is no longer valid',
  'rooms.fatal.unauthorized.body':
    'This link is no longer valid: it was revoked, expired or the board was deleted. Ask the facilitator for a new link.',
  'rooms.fatal.forbidden.title': 'This link is for another board',
  'rooms.fatal.forbidden.body':
    'This link is for another board. Check that you opened the whole link you were given, or ask the facilitator for a new one.',
  'rooms.fatal.viewOnly.title': 'View only',
  'rooms.fatal.viewOnly.body':
    'You can view this board but not edit it. Reload the page to keep following the board.',
  'rooms.viewOnly.notice': 'You can view this board but not edit it.',
  'rooms.role.facilitator': 'Facilitator',
  'rooms.role.facilitator.can':
    'Runs the session: can edit everything, share links, make new links and delete the board. Keep this link to yourself.',
  'rooms.role.participant': 'Participant',
  'rooms.role.participant.can':
    'For the workshop team: can add and edit everything on the board, including templates.',
  'rooms.role.guest': 'Guest',
  'rooms.role.guest.can':
    'For invited customers: a simpler toolbar with notes, text and drawing. Sees a short notice before joining.',
  'rooms.role.viewer': 'Viewer',
  'rooms.role.viewer.can': 'Can follow the board live but cannot change anything.',
  'rooms.share.open': 'Share',
  'rooms.share.title': 'Share this board',
  'rooms.share.intro':
    'Each link opens the board with different rights. Send each group only its own link.',
  'rooms.share.close': 'Close',
  'rooms.share.linkLabel': '{role} link',
  'rooms.share.copy': 'Copy',
  'rooms.share.copyLabel': 'Copy the {role} link',
  'rooms.share.copied': '{role} link copied.',
  'rooms.share.qrLabel': 'QR code of the {role} link',
  'rooms.share.unknownLink':
    'This link is not stored on this device. Make a new one to share it (the old one stops working).',
  'rooms.share.rotate': 'New link',
  'rooms.share.rotateLabel': 'New link: {role}',
  'rooms.share.rotate.confirm':
    'Make a new {role} link? The current one stops working at once, and anyone using it is disconnected.',
  'rooms.share.rotate.yes': 'Make a new link',
  'rooms.share.rotated': 'New {role} link made. The old one no longer works.',
  'rooms.share.cancel': 'Cancel',
  'rooms.share.delete.heading': 'Delete board',
  'rooms.share.delete': 'Delete board…',
  'rooms.share.delete.confirm':
    'Delete this board for everyone? Everything on it, including images and videos, is erased for good, every link stops working and everyone is disconnected. This cannot be undone.',
  'rooms.share.delete.yes': 'Delete board for good',
  'rooms.share.error.network': 'No connection to the server. Check your connection and try again.',
  'rooms.share.error.unauthorized':
    'The server did not accept your facilitator link. It may have been replaced on another device.',
  'rooms.share.error.failed': 'That did not work. Try again in a moment.',
  'rooms.guest.title': 'Welcome to the workshop board',
  'rooms.guest.facilitator':
    'A facilitator runs this session. You can add notes, text and drawings; everyone on the board sees them live.',
  'rooms.guest.stored':
    'What is stored: the name you give (shown to others) and what you add to the board, together with the board and its title, until the facilitator deletes the board. Your name is also remembered on this device.',
  'rooms.guest.continue': 'Continue',
  // --- rolesui start
  'roles.locked.badge': 'Locked by the facilitator',
  'sync.fatal.editRejected.title': 'A change was refused',
  'sync.fatal.editRejected.body':
    'The server refused a change made on this page, so it was not saved, and editing is off. Reload the page to continue from the board as it is on the server.',
  // --- rolesui end
  // --- roominfo start
  'rooms.guest.joining': 'You are joining “{title}”.',
  'board.full.room.title': 'This board is full',
  'board.full.room.body':
    'Every place on this board is taken right now (it has room for {limit} at a time). You get in as soon as someone leaves.',
  'board.full.address.title': 'Too many connections from your network',
  'board.full.address.body':
    'Your network already has as many connections to this server as it allows ({limit}). Close Kohtaamo tabs you no longer need.',
  'board.full.retryIn': 'Trying again in {seconds} s.',
  'board.full.retrying': 'Trying again…',
  'board.full.retryNow': 'Try again now',
  // --- roominfo end
  // --- revoke start
  'rooms.share.turnOff': 'Turn off link',
  'rooms.share.turnOffLabel': 'Turn off link: {role}',
  'rooms.share.turnOff.confirm':
    'Turn off the {role} link? It stops working at once, anyone using it is disconnected, and nobody can join with this role until you make a new link.',
  'rooms.share.turnOff.yes': 'Turn off link',
  'rooms.share.turnedOff': '{role} link turned off. Nobody can join with it.',
  'rooms.share.off':
    'No link: nobody can join with this role. Make a new link to invite people again.',
  'rooms.share.made': 'New {role} link made.',
  // --- revoke end
  // --- refusals start: one message per refusal code (`refusal.<code>`, see editRefusalCodes)
  'refusal.unknown': 'The server did not accept the change.',
  'refusal.record.unknownType': 'This kind of record does not belong on a board.',
  'refusal.record.invalid': 'The change does not fit what a board can hold.',
  'refusal.update.layout': 'The change was written outside the board’s content.',
  'refusal.update.malformed': 'The change was malformed.',
  'refusal.update.unknownBase': 'The change built on changes the server does not have.',
  'refusal.viewer.readOnly': 'You can view this board but not edit it.',
  'refusal.lock.change': 'Only the facilitator can lock or unlock this.',
  'refusal.lock.locked': 'The facilitator has locked this.',
  'refusal.guest.notAuthor': 'Only the author can change this.',
  'refusal.guest.authorRequired': 'You can add content only as yourself.',
  'refusal.guest.giveAway': 'You cannot hand your content over to someone else.',
  'refusal.guest.templates': 'Guests cannot add templates.',
  'refusal.guest.contentOnly': 'Guests can add content but cannot change the board’s pages.',
  'refusal.guest.otherUser': 'You can change only your own name and colour.',
  'refusal.reaction.notOwn': 'You can add or remove only your own reactions.',
  'refusal.reaction.malformed': 'The board does not know this reaction.',
  'refusal.presence.forged': 'The connection tried to appear as someone else.',
  'refusal.document.tooLarge': 'The board would grow past its size limit of {limitMegabytes} MB.',
  'refusal.rate.awareness': 'Your pointer and selection updates came too fast.',
  // --- refusals end
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
  // --- concept canvas: costs and fit ---
  'canvas.panel.label': 'Konseptin tiedot',
  'canvas.panel.hide': 'Piilota konseptin tiedot',
  'canvas.panel.show': 'Näytä konseptin tiedot',
  'canvas.costs.legend': 'Kustannukset ja tuotot',
  'canvas.costs.hint':
    'Summat euroina, esim. 12,50 tai 12.50. Muutos tallentuu, kun poistut kentästä tai painat Enter.',
  'canvas.costs.costLines': 'Kustannukset',
  'canvas.costs.revenueLines': 'Tuotot',
  'canvas.costs.column.label': 'Selite',
  'canvas.costs.column.amount': 'Summa (€)',
  'canvas.costs.column.quantity': 'Määrä',
  'canvas.costs.cost.label': 'Kustannusrivi {n}: selite',
  'canvas.costs.cost.amount': 'Kustannusrivi {n}: summa (€)',
  'canvas.costs.cost.quantity': 'Kustannusrivi {n}: määrä (tyhjä = 1)',
  'canvas.costs.cost.remove': 'Poista kustannusrivi {n}',
  'canvas.costs.cost.add': 'Lisää kustannusrivi',
  'canvas.costs.revenue.label': 'Tuottorivi {n}: selite',
  'canvas.costs.revenue.amount': 'Tuottorivi {n}: summa (€)',
  'canvas.costs.revenue.quantity': 'Tuottorivi {n}: määrä (tyhjä = 1)',
  'canvas.costs.revenue.remove': 'Poista tuottorivi {n}',
  'canvas.costs.revenue.add': 'Lisää tuottorivi',
  'canvas.costs.remove': 'Poista',
  'canvas.costs.none': 'Ei vielä rivejä.',
  'canvas.costs.totals': 'Yhteensä',
  'canvas.costs.totalCosts': 'Kustannukset yhteensä',
  'canvas.costs.totalRevenues': 'Tuotot yhteensä',
  'canvas.costs.margin': 'Kate',
  'canvas.costs.marginPercent': 'Kateprosentti',
  'canvas.costs.noRevenue': '– (ei tuottoja)',
  'canvas.costs.error.empty': 'Anna summa, esim. 12,50.',
  'canvas.costs.error.invalid':
    'Tämä ei ole summa. Käytä numeroita ja yhtä desimaalierotinta, esim. 1200,50 tai 1200.50.',
  'canvas.costs.error.negative':
    'Summa ei voi olla negatiivinen: kirjaa kustannukset ja tuotot omiin listoihinsa.',
  'canvas.costs.error.decimals': 'Käytä enintään kahta desimaalia (tasasentit).',
  'canvas.costs.error.tooLarge': 'Summa on liian suuri: enintään {max}.',
  'canvas.costs.error.quantity': 'Määrän on oltava kokonaisluku 0–{max}, tai tyhjä (= 1).',
  'canvas.costs.error.total': 'Muutosta ei tallennettu: yhteissumma kasvaisi liian suureksi.',
  'canvas.costs.error.tooManyLines': 'Listalla voi olla enintään {max} riviä.',
  'canvas.costs.drawing.costs': 'Kustannukset: {amount}',
  'canvas.costs.drawing.revenues': 'Tuotot: {amount}',
  'canvas.costs.drawing.margin': 'Kate: {amount} ({percent})',
  'canvas.costs.drawing.marginNoPercent': 'Kate: {amount}',
  'canvas.fit.legend': 'Sopivuus arvolupaukseen',
  'canvas.fit.statement': 'Yrityksen arvolupaus',
  'canvas.fit.statement.hint':
    'Koko tiimin yhteinen teksti; tallentuu, kun poistut kentästä. Enintään {max} merkkiä.',
  'canvas.fit.statement.tooLong': 'Teksti on liian pitkä: enintään {max} merkkiä.',
  'canvas.fit.rating.legend': 'Oma arviosi: miten hyvin konsepti sopii?',
  'canvas.fit.rating.1': '1 – ei sovi',
  'canvas.fit.rating.2': '2 – sopii huonosti',
  'canvas.fit.rating.3': '3 – sopii jossain määrin',
  'canvas.fit.rating.4': '4 – sopii hyvin',
  'canvas.fit.rating.5': '5 – sopii täydellisesti',
  'canvas.fit.rating.clear': 'Peru oma arvioni',
  'canvas.fit.summary': 'Tiimin keskiarvo {mean} / 5 (n = {n})',
  'canvas.fit.summary.none': 'Kukaan ei ole vielä arvioinut.',
  'canvas.fit.drawing.rating': 'Sopivuus {mean} / 5 (n = {n})',
  'canvas.fit.drawing.noRating': 'Sopivuus: ei vielä arvioitu',
  // --- concept canvas: insight and visuals ---
  'canvas.media.url': 'Videolinkki',
  'canvas.media.urlHint':
    'YouTube-, Vimeo- ja muut videolinkit toistuvat taululla; muista linkeistä tulee linkkikortteja.',
  'canvas.media.embed': 'Upota video',
  'canvas.media.upload': 'Lataa kuva tai video',
  'canvas.media.addImages': 'Lisää kuvia',
  'canvas.media.arrange': 'Järjestä tunnelmataulu',
  'canvas.media.visualsHint':
    'Järjestäminen asettaa kentän kuvat siisteiksi riveiksi kentän sisään.',
  'canvas.media.adding': 'Lisätään tiedostoja…',
  'canvas.media.added': 'Lisättyjä tiedostoja: {count}.',
  'canvas.media.embedded': 'Video lisättiin kenttään {field}.',
  'canvas.media.bookmarked':
    'Sivustolla ei ole tunnettua soitinta, joten linkki lisättiin kenttään {field} korttina.',
  'canvas.media.arranged': 'Järjestettyjä kuvia: {count}.',
  'canvas.media.error.urlEmpty': 'Liitä ensin videolinkki.',
  'canvas.media.error.urlInvalid':
    'Tämä ei ole verkko-osoite. Linkki alkaa https:// (kopioi se selaimen osoiteriviltä).',
  'canvas.media.error.urlNotHttp': 'Vain https:// tai http:// alkavia verkkolinkkejä voi lisätä.',
  'canvas.media.error.readonly': 'Tämä taulu on vain luku -tilassa.',
  'canvas.media.error.noneAdded': 'Yhtään tiedostoa ei lisätty.',
  'canvas.media.error.nothingToArrange': 'Kentässä {field} ei ole vielä kuvia järjestettäväksi.',
  // --- concept comparison ---
  'compare.menu': 'Vertaa konsepteja',
  'compare.title': 'Konseptien vertailu',
  'compare.caption': 'Tämän sivun konseptimallit vasemmalta oikealle',
  'compare.hint': 'Valitse konseptin nimi, niin sen malli näytetään taululla.',
  'compare.corner': 'Kenttä',
  'compare.untitled': 'Konsepti {number}',
  'compare.emptyCell': 'Tyhjä',
  'compare.empty':
    'Tällä sivulla ei ole vielä Tolvasen konseptimalleja. Lisää malli työkalupalkin tai päävalikon kohdasta ”Lisää pohja” → ”Tolvasen konseptimalli” ja kirjoita konseptin nimi lapulle Nimi-kenttään.',
  'compare.single': 'Lisää toinen konseptimalli, niin voit verrata konsepteja rinnakkain.',
  'compare.row.fitRating': 'Sopivuuden arvio',
  'compare.fit.rating': '{mean} / {scale} (n = {n}; pienin {min}, suurin {max})',
  'compare.row.totalCosts': 'Kustannukset yhteensä',
  'compare.row.totalRevenues': 'Tuotot yhteensä',
  'compare.row.margin': 'Kate',
  'compare.row.marginPercent': 'Kate-%',
  'compare.items.images': 'Kuvia: {count}',
  'compare.items.videos': 'Videoita: {count}',
  'compare.items.other': 'Muita kohteita: {count}',
  'compare.copyMarkdown': 'Kopioi Markdownina',
  'compare.copied': 'Taulukko kopioitiin Markdownina.',
  'compare.copyFailed': 'Kopiointi epäonnistui: selain ei sallinut leikepöydän käyttöä.',
  'compare.downloadCsv': 'Lataa CSV',
  'compare.close': 'Sulje',
  'compare.fileSuffix': 'konseptit',
  // --- template header rename ---
  'templates.headerRename.stageLabel': 'Vaiheen ”{name}” uusi nimi',
  'templates.headerRename.laneLabel': 'Rivin ”{name}” uusi nimi',
  'templates.headerRename.hint':
    'Enter tallentaa, Esc peruu, Tab tallentaa ja siirtyy seuraavaan nimeen. Tyhjä nimi palauttaa oletusnimen.',
  // --- rate limits ---
  'sync.fatal.rateLimited.title': 'Liian monta muutosta liian nopeasti',
  'sync.fatal.rateLimited.body':
    'Palvelin katkaisi yhteyden, koska tämä sivu lähetti muutoksia nopeammin kuin palvelin ottaa vastaan, joten muokkaus on pois päältä. Muutoksesi ovat tallessa tällä laitteella: lataa sivu uudelleen, niin ne lähetetään ja voit jatkaa.',
  // --- reactions ---
  'reactions.bar.label': 'Reaktiot',
  'reactions.kind.thumbsUp': 'Peukku ylös',
  'reactions.kind.heart': 'Sydän',
  'reactions.kind.idea': 'Idea',
  'reactions.kind.question': 'Kysymys',
  'reactions.kind.warning': 'Varoitus',
  'reactions.button.label': '{reaction} ({count})',
  'reactions.chips.label': 'Reaktiot: {summary}',
  'reactions.chip.label': '{reaction} {count}',
  // --- rooms and invitations ---
  'rooms.create.titleLabel': 'Taulun nimi (vapaaehtoinen)',
  'rooms.create.titleHint':
    'Esimerkiksi ”Asiakaspolkutyöpaja”. Näkyy kutsumillesi ihmisille. Voit jättää tyhjäksi.',
  'rooms.create.defaultTitle': 'Työpaja {date}',
  'rooms.create.error.network':
    'Taulua ei voitu luoda: ei yhteyttä palvelimeen. Tarkista yhteys ja yritä uudelleen.',
  'rooms.create.error.rateLimited':
    'Täältä on luotu tunnin sisällä liian monta taulua. Odota muutama minuutti ja yritä uudelleen.',
  'rooms.create.error.failed': 'Taulua ei voitu luoda. Yritä hetken päästä uudelleen.',
  'rooms.fatal.unauthorized.title': 'Linkki ei ole enää voimassa',
  'rooms.fatal.unauthorized.body':
    'Tämä linkki ei ole enää voimassa: se on peruttu, vanhentunut tai taulu on poistettu. Pyydä fasilitaattorilta uusi linkki.',
  'rooms.fatal.forbidden.title': 'Linkki on toiseen tauluun',
  'rooms.fatal.forbidden.body':
    'Tämä linkki on toiseen tauluun. Tarkista, että avasit koko saamasi linkin, tai pyydä fasilitaattorilta uusi.',
  'rooms.fatal.viewOnly.title': 'Vain katselu',
  'rooms.fatal.viewOnly.body':
    'Voit katsella tätä taulua, mutta et muokata sitä. Lataa sivu uudelleen, niin voit jatkaa taulun seuraamista.',
  'rooms.viewOnly.notice': 'Voit katsella tätä taulua, mutta et muokata sitä.',
  'rooms.role.facilitator': 'Fasilitaattori',
  'rooms.role.facilitator.can':
    'Vetää tilaisuuden: voi muokata kaikkea, jakaa linkkejä, tehdä uusia linkkejä ja poistaa taulun. Pidä tämä linkki itselläsi.',
  'rooms.role.participant': 'Osallistuja',
  'rooms.role.participant.can':
    'Työpajatiimille: voi lisätä ja muokata kaikkea taululla, myös pohjia.',
  'rooms.role.guest': 'Vieras',
  'rooms.role.guest.can':
    'Kutsutuille asiakkaille: yksinkertaisempi työkalupalkki, jossa laput, teksti ja piirtäminen. Näkee lyhyen ohjeen ennen liittymistä.',
  'rooms.role.viewer': 'Katselija',
  'rooms.role.viewer.can': 'Voi seurata taulua reaaliajassa, mutta ei voi muuttaa mitään.',
  'rooms.share.open': 'Jaa',
  'rooms.share.title': 'Jaa tämä taulu',
  'rooms.share.intro':
    'Jokainen linkki avaa taulun eri oikeuksin. Lähetä kullekin ryhmälle vain sen oma linkki.',
  'rooms.share.close': 'Sulje',
  'rooms.share.linkLabel': 'Linkki: {role}',
  'rooms.share.copy': 'Kopioi',
  'rooms.share.copyLabel': 'Kopioi linkki: {role}',
  'rooms.share.copied': 'Linkki kopioitu: {role}.',
  'rooms.share.qrLabel': 'QR-koodi, linkki: {role}',
  'rooms.share.unknownLink':
    'Tätä linkkiä ei ole tallennettu tälle laitteelle. Tee uusi, jotta voit jakaa sen (vanha lakkaa toimimasta).',
  'rooms.share.rotate': 'Uusi linkki',
  'rooms.share.rotateLabel': 'Uusi linkki: {role}',
  'rooms.share.rotate.confirm':
    'Tehdäänkö uusi linkki (rooli: {role})? Nykyinen lakkaa toimimasta heti, ja sitä käyttävien yhteys katkeaa.',
  'rooms.share.rotate.yes': 'Tee uusi linkki',
  'rooms.share.rotated': 'Uusi linkki tehty ({role}). Vanha ei enää toimi.',
  'rooms.share.cancel': 'Peruuta',
  'rooms.share.delete.heading': 'Poista taulu',
  'rooms.share.delete': 'Poista taulu…',
  'rooms.share.delete.confirm':
    'Poistetaanko taulu kaikilta? Kaikki sen sisältö kuvineen ja videoineen poistetaan pysyvästi, kaikki linkit lakkaavat toimimasta ja kaikkien yhteys katkeaa. Tätä ei voi perua.',
  'rooms.share.delete.yes': 'Poista taulu pysyvästi',
  'rooms.share.error.network': 'Ei yhteyttä palvelimeen. Tarkista yhteys ja yritä uudelleen.',
  'rooms.share.error.unauthorized':
    'Palvelin ei hyväksynyt fasilitaattorin linkkiäsi. Se on ehkä vaihdettu toisella laitteella.',
  'rooms.share.error.failed': 'Se ei onnistunut. Yritä hetken päästä uudelleen.',
  'rooms.guest.title': 'Tervetuloa työpajan taululle',
  'rooms.guest.facilitator':
    'Tilaisuutta vetää fasilitaattori. Voit lisätä lappuja, tekstiä ja piirroksia; kaikki taululla olevat näkevät ne heti.',
  'rooms.guest.stored':
    'Mitä tallennetaan: antamasi nimi (näkyy muille) ja mitä lisäät taululle, yhdessä taulun ja sen nimen kanssa, kunnes fasilitaattori poistaa taulun. Nimesi muistetaan myös tällä laitteella.',
  'rooms.guest.continue': 'Jatka',
  // --- rolesui start
  'roles.locked.badge': 'Fasilitaattorin lukitsema',
  'sync.fatal.editRejected.title': 'Muutos hylättiin',
  'sync.fatal.editRejected.body':
    'Palvelin hylkäsi tällä sivulla tehdyn muutoksen, joten sitä ei tallennettu, ja muokkaus on pois päältä. Lataa sivu uudelleen, niin jatkat taulusta sellaisena kuin se on palvelimella.',
  // --- rolesui end
  // --- roominfo start
  'rooms.guest.joining': 'Olet liittymässä taululle ”{title}”.',
  'board.full.room.title': 'Taulu on täynnä',
  'board.full.room.body':
    'Taulun kaikki paikat ovat nyt käytössä (taululle mahtuu kerrallaan {limit}). Pääset sisään heti, kun joku poistuu.',
  'board.full.address.title': 'Liian monta yhteyttä verkostasi',
  'board.full.address.body':
    'Verkostasi on jo niin monta yhteyttä tähän palvelimeen kuin se sallii ({limit}). Sulje Kohtaamo-välilehdet, joita et enää tarvitse.',
  'board.full.retryIn': 'Yritetään uudelleen {seconds} s kuluttua.',
  'board.full.retrying': 'Yritetään uudelleen…',
  'board.full.retryNow': 'Yritä nyt',
  // --- roominfo end
  // --- revoke start
  'rooms.share.turnOff': 'Sulje linkki',
  'rooms.share.turnOffLabel': 'Sulje linkki: {role}',
  'rooms.share.turnOff.confirm':
    'Suljetaanko linkki (rooli: {role})? Se lakkaa toimimasta heti, sitä käyttävien yhteys katkeaa, eikä tällä roolilla voi liittyä ennen kuin teet uuden linkin.',
  'rooms.share.turnOff.yes': 'Sulje linkki',
  'rooms.share.turnedOff': 'Linkki suljettu ({role}). Sillä ei voi enää liittyä.',
  'rooms.share.off':
    'Ei linkkiä: tällä roolilla ei voi liittyä. Tee uusi linkki, kun haluat kutsua taas.',
  'rooms.share.made': 'Uusi linkki tehty ({role}).',
  // --- revoke end
  // --- refusals start
  'refusal.unknown': 'Palvelin ei hyväksynyt muutosta.',
  'refusal.record.unknownType': 'Tällainen tietue ei kuulu taululle.',
  'refusal.record.invalid': 'Muutos ei sovi siihen, mitä taululle voi tallentaa.',
  'refusal.update.layout': 'Muutos kirjoitettiin taulun sisällön ulkopuolelle.',
  'refusal.update.malformed': 'Muutos oli virheellinen.',
  'refusal.update.unknownBase': 'Muutos perustui muutoksiin, joita palvelimella ei ole.',
  'refusal.viewer.readOnly': 'Voit katsoa taulua, mutta et muokata sitä.',
  'refusal.lock.change': 'Vain fasilitaattori voi lukita tai avata tämän.',
  'refusal.lock.locked': 'Fasilitaattori on lukinnut tämän.',
  'refusal.guest.notAuthor': 'Vain tekijä voi muuttaa tätä.',
  'refusal.guest.authorRequired': 'Voit lisätä sisältöä vain omissa nimissäsi.',
  'refusal.guest.giveAway': 'Et voi siirtää sisältöäsi toiselle.',
  'refusal.guest.templates': 'Vieraat eivät voi lisätä pohjia.',
  'refusal.guest.contentOnly': 'Vieraat voivat lisätä sisältöä, mutta eivät muuttaa taulun sivuja.',
  'refusal.guest.otherUser': 'Voit muuttaa vain omaa nimeäsi ja väriäsi.',
  'refusal.reaction.notOwn': 'Voit lisätä tai poistaa vain omia reaktioitasi.',
  'refusal.reaction.malformed': 'Taulu ei tunne tätä reaktiota.',
  'refusal.presence.forged': 'Yhteys yritti esiintyä jonakin toisena.',
  'refusal.document.tooLarge': 'Taulu kasvaisi yli kokorajansa, joka on {limitMegabytes} Mt.',
  'refusal.rate.awareness': 'Osoittimesi ja valintasi päivittyivät liian nopeasti.',
  // --- refusals end
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
