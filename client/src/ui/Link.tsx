import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate } from '../app/navigation';

/**
 * An in-app link: a real `<a href>` (open in new tab, copy link, and
 * middle-click keep working) that navigates without a page reload on a plain click.
 */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  const handleClick = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified || rest.target) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handleClick} {...rest} />;
}
