import type { JSX } from 'react';
import {
  DefaultMainMenu,
  DefaultToolbar,
  DrawToolbarItem,
  EditSubmenu,
  EraserToolbarItem,
  ExtrasGroup,
  HandToolbarItem,
  NoteToolbarItem,
  PreferencesGroup,
  SelectToolbarItem,
  TextToolbarItem,
  type TLComponents,
  type TLUiOverrides,
  TldrawUiMenuGroup,
  ViewSubmenu,
} from 'tldraw';
import {
  CompareCanvasesMenuItem,
  compareCanvasesUiOverrides,
} from '../shapes/template/CompareCanvasesDialog';
import { InsertTemplateMenu, InsertTemplateSubmenu } from '../shapes/template/InsertTemplateMenu';
import { TemplateStructurePanel } from '../shapes/template/TemplateStructurePanel';
import { ExportSubmenu, ImportTemplateMenuItem, useTemplateImport } from './ExportMenu';
import '../shapes/template/template.css';

/** tldraw's toolbar with the template menu in front of it. */
function BoardToolbar(): JSX.Element {
  return (
    <div className="kohtaamo-board-toolbar">
      <InsertTemplateMenu />
      <DefaultToolbar />
    </div>
  );
}

/**
 * tldraw's main menu with "Insert template" first, and our "Export" submenu
 * (which includes tldraw's image export), "Compare concepts" and "Import
 * template" in place of tldraw's "Export" submenu. The import's file input
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
          <ExtrasGroup />
        </TldrawUiMenuGroup>
        <PreferencesGroup />
      </DefaultMainMenu>
      {templateImport.input}
    </>
  );
}

/**
 * Our replacements of tldraw's UI slots. The board shows its own localized
 * loading status, so tldraw's loading screen is off.
 */
export const boardUiComponents: TLComponents = {
  LoadingScreen: null,
  Toolbar: BoardToolbar,
  MainMenu: BoardMainMenu,
  TopPanel: TemplateStructurePanel,
};

/**
 * A guest (an invited customer, often on a phone and new to whiteboards)
 * gets the few tools that add to the conversation: notes, text and drawing,
 * no templates. The server does not restrict shapes by role; this only keeps the UI simple.
 */
function GuestToolbar(): JSX.Element {
  return (
    <DefaultToolbar>
      <SelectToolbarItem />
      <HandToolbarItem />
      <NoteToolbarItem />
      <TextToolbarItem />
      <DrawToolbarItem />
      <EraserToolbarItem />
    </DefaultToolbar>
  );
}

/** {@link boardUiComponents} with the guest's simplified toolbar. */
export const guestUiComponents: TLComponents = { ...boardUiComponents, Toolbar: GuestToolbar };

/** Our additions to tldraw's actions: "Compare concepts" with its keyboard shortcut. */
export const boardUiOverrides: TLUiOverrides = compareCanvasesUiOverrides;
