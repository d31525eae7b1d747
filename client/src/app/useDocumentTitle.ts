import { useEffect } from 'react';

/** Keeps `document.title` in step with the page, so tabs and screen readers name it. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title;
  }, [title]);
}
