import { localize, templateDefinitions } from '@kohtaamo/shared';
import type { JSX } from 'react';
import {
  TldrawUiButton,
  TldrawUiButtonIcon,
  TldrawUiButtonLabel,
  TldrawUiDropdownMenuContent,
  TldrawUiDropdownMenuRoot,
  TldrawUiDropdownMenuTrigger,
  TldrawUiMenuContextProvider,
  TldrawUiMenuGroup,
  TldrawUiMenuItem,
  TldrawUiMenuSubmenu,
  useEditor,
  useReadonly,
} from 'tldraw';
import { insertTemplate } from './insertTemplate';
import { useEditorMessages } from './useEditorMessages';

/** One menu item per template, in registry order. */
function TemplateMenuItems(): JSX.Element {
  const editor = useEditor();
  const { locale } = useEditorMessages();
  return (
    <TldrawUiMenuGroup id="kohtaamo-templates">
      {templateDefinitions.map((definition) => (
        <TldrawUiMenuItem
          key={definition.id}
          id={`insert-template-${definition.id}`}
          label={localize(definition.title, locale)}
          onSelect={() => {
            insertTemplate(editor, definition);
          }}
        />
      ))}
    </TldrawUiMenuGroup>
  );
}

/** The toolbar button that opens the template menu; hidden on read-only boards. */
export function InsertTemplateMenu(): JSX.Element | null {
  const { t } = useEditorMessages();
  const readonly = useReadonly();
  if (readonly) return null;
  return (
    <div className="kohtaamo-insert-template">
      <TldrawUiDropdownMenuRoot id="kohtaamo-insert-template">
        <TldrawUiDropdownMenuTrigger>
          <TldrawUiButton
            type="low"
            data-testid="kohtaamo-insert-template"
            title={t('templates.insert')}
          >
            <TldrawUiButtonIcon icon="tool-frame" small />
            <TldrawUiButtonLabel>{t('templates.insert')}</TldrawUiButtonLabel>
          </TldrawUiButton>
        </TldrawUiDropdownMenuTrigger>
        <TldrawUiDropdownMenuContent side="top" align="start" sideOffset={6} alignOffset={0}>
          <TldrawUiMenuContextProvider type="menu" sourceId="toolbar">
            <TemplateMenuItems />
          </TldrawUiMenuContextProvider>
        </TldrawUiDropdownMenuContent>
      </TldrawUiDropdownMenuRoot>
    </div>
  );
}

/** The same choices as a submenu of the main menu. */
export function InsertTemplateSubmenu(): JSX.Element | null {
  const { t } = useEditorMessages();
  const readonly = useReadonly();
  if (readonly) return null;
  return (
    <TldrawUiMenuSubmenu id="kohtaamo-insert-template" label={t('templates.insert')}>
      <TemplateMenuItems />
    </TldrawUiMenuSubmenu>
  );
}
