import type { JSX } from 'react';
import {
  ArrangeMenuSubmenu,
  ClipboardMenuGroup,
  ConversionsMenuGroup,
  CursorChatItem,
  DefaultContextMenu,
  DefaultMainMenu,
  DrawToolbarItem,
  EditMenuSubmenu,
  EditSubmenu,
  EraserToolbarItem,
  ExtrasGroup,
  HandToolbarItem,
  NoteToolbarItem,
  PreferencesGroup,
  ReorderMenuSubmenu,
  SelectAllMenuItem,
  SelectToolbarItem,
  TextToolbarItem,
  type TLComponents,
  type TLUiContextMenuProps,
  type TLUiOverrides,
  TldrawUiMenuGroup,
  useShowCollaborationUi,
  ViewSubmenu,
} from 'tldraw';
import { FacilitationTopPanel } from '../facilitation/FacilitationUi';
import { PrivateNoteBadges } from '../facilitation/privateNotes/PrivateNoteBadges';
import { VotingInFrontOfTheCanvas, VotingOnTheCanvas } from '../facilitation/voting/VotingUi';
import { reactionUiComponents } from '../reactions/reactionUiComponents';
import { reactionUiOverrides } from '../reactions/reactionUiOverrides';
import {
  CompareCanvasesMenuItem,
  compareCanvasesUiOverrides,
} from '../shapes/template/CompareCanvasesDialog';
import { InsertTemplateMenu, InsertTemplateSubmenu } from '../shapes/template/InsertTemplateMenu';
import { TemplateStructurePanel } from '../shapes/template/TemplateStructurePanel';
import { CopyBoardCodeMenuItem } from './CopyBoardCodeMenuItem';
import { ExportSubmenu, ImportTemplateMenuItem, useTemplateImport } from './ExportMenu';
import { BoardToolbarContent, WorkshopToolbar } from './WorkshopToolbar';
import '../shapes/template/template.css';

/**
 * tldraw's toolbar with the template menu in front of it; at desktop widths
 * the workshop's main tools (notes, text, shapes, drawing, arrows, images)
 * are in view without opening "More".
 */
function BoardToolbar(): JSX.Element {
  return (
    <div className="kohtaamo-board-toolbar">
      <InsertTemplateMenu />
      <WorkshopToolbar>
        <BoardToolbarContent />
      </WorkshopToolbar>
    </div>
  );
}

/**
 * tldraw's main menu with "Insert template" first, and our "Export" submenu
 * (which includes tldraw's image export), "Compare concepts", "Import
 * template" and "Copy board code" in place of tldraw's "Export" submenu. The import's file input
 * lives outside the menu, which unmounts its content when it closes.
 */
function BoardMainMenu(): JSX.Element {
  const templateImport = useTemplateImport();
  return (
    <>
      <DefaultMainMenu>
        <TldrawUiMenuGroup id="kohtaamo-insert">
          <InsertTemplateSubmenu />
        </TldrawUiMenuGroup>
        <TldrawUiMenuGroup id="basic">
          <EditSubmenu />
          <ViewSubmenu />
          <ExportSubmenu />
          <CompareCanvasesMenuItem />
          <ImportTemplateMenuItem onSelect={templateImport.open} />
          <CopyBoardCodeMenuItem />
          <ExtrasGroup />
        </TldrawUiMenuGroup>
        <PreferencesGroup />
      </DefaultMainMenu>
      {templateImport.input}
    </>
  );
}

/**
 * tldraw's top centre: the workshop's session and follow bars (for
 * everyone, read-only boards included), then the selected template's panel.
 */
function BoardTopPanel(): JSX.Element {
  return (
    <div className="kohtaamo-top-panel">
      <FacilitationTopPanel />
      <TemplateStructurePanel />
    </div>
  );
}

const ReactionsInFront = reactionUiComponents.InFrontOfTheCanvas;
const ReactionsOnCanvas = reactionUiComponents.OnTheCanvas;

/** In front of the canvas: the reaction bar and the vote controls on items. */
function BoardInFrontOfTheCanvas(): JSX.Element {
  return (
    <>
      {ReactionsInFront && <ReactionsInFront />}
      <VotingInFrontOfTheCanvas />
    </>
  );
}

/** On the canvas: reaction and lock marks, vote result badges, and "Only you" on private shapes. */
function BoardOnTheCanvas(): JSX.Element {
  return (
    <>
      {ReactionsOnCanvas && <ReactionsOnCanvas />}
      <VotingOnTheCanvas />
      <PrivateNoteBadges />
    </>
  );
}

/**
 * Our replacements of tldraw's UI slots. The board shows its own localized
 * loading status, so tldraw's loading screen is off. The reaction bar
 * reads the board's role from `FacilitationContext` around `<Tldraw>`.
 */
export const boardUiComponents: TLComponents = {
  InFrontOfTheCanvas: BoardInFrontOfTheCanvas,
  OnTheCanvas: BoardOnTheCanvas,
  LoadingScreen: null,
  Toolbar: BoardToolbar,
  MainMenu: BoardMainMenu,
  TopPanel: BoardTopPanel,
};

/**
 * A guest (an invited customer, often on a phone and new to whiteboards)
 * gets the few tools that add to the conversation: notes, text and drawing,
 * no templates. The server lets a guest add only content of their own (see
 * `refuseRecordEdit`), so nothing here offers templates or pages.
 */
function GuestToolbar(): JSX.Element {
  return (
    <WorkshopToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <NoteToolbarItem />
      <TextToolbarItem />
      <DrawToolbarItem />
      <EraserToolbarItem />
    </WorkshopToolbar>
  );
}

/**
 * tldraw's main menu without what a guest may not do: inserting or
 * importing templates (the server refuses a guest's template).
 */
function GuestMainMenu(): JSX.Element {
  return (
    <DefaultMainMenu>
      <TldrawUiMenuGroup id="basic">
        <EditSubmenu />
        <ViewSubmenu />
        <ExportSubmenu />
        <CompareCanvasesMenuItem />
        <CopyBoardCodeMenuItem />
        <ExtrasGroup />
      </TldrawUiMenuGroup>
      <PreferencesGroup />
    </DefaultMainMenu>
  );
}

/**
 * tldraw's context menu without "Move to page", which can create a page
 * (the server refuses a guest's pages and page changes).
 */
function GuestContextMenu(props: TLUiContextMenuProps): JSX.Element {
  const showCollaborationUi = useShowCollaborationUi();
  return (
    <DefaultContextMenu {...props}>
      {showCollaborationUi && (
        <TldrawUiMenuGroup id="cursor-chat">
          <CursorChatItem />
        </TldrawUiMenuGroup>
      )}
      <TldrawUiMenuGroup id="modify">
        <EditMenuSubmenu />
        <ArrangeMenuSubmenu />
        <ReorderMenuSubmenu />
      </TldrawUiMenuGroup>
      <ClipboardMenuGroup />
      <ConversionsMenuGroup />
      <TldrawUiMenuGroup id="select-all">
        <SelectAllMenuItem />
      </TldrawUiMenuGroup>
    </DefaultContextMenu>
  );
}

/**
 * {@link boardUiComponents} for a guest: the simplified toolbar, menus
 * without templates, and no page menu (adding, renaming and deleting pages
 * are the facilitator's and participants').
 */
export const guestUiComponents: TLComponents = {
  ...boardUiComponents,
  Toolbar: GuestToolbar,
  MainMenu: GuestMainMenu,
  ContextMenu: GuestContextMenu,
  PageMenu: null,
};

/**
 * Our additions to tldraw's actions: "Compare concepts" and moving focus
 * into the reaction bar, each with its keyboard shortcut.
 */
export const boardUiOverrides: TLUiOverrides[] = [compareCanvasesUiOverrides, reactionUiOverrides];
