import { useSyncExternalStore } from 'react';

// pushState fires no event, so in-app navigation announces itself with this one.
const navigateEvent = 'kohtaamo:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(navigateEvent, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(navigateEvent, onChange);
  };
}

function currentPath(): string {
  return window.location.pathname;
}

/** The current URL path; re-renders on in-app navigation and Back/Forward. */
export function useCurrentPath(): string {
  return useSyncExternalStore(subscribe, currentPath);
}

/** Goes to an in-app path without reloading the page. */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(navigateEvent));
}
