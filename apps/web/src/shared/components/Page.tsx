import { ReactNode, useEffect, useRef } from 'react';
import { usePageTitle } from '../hooks/usePageTitle';

// The first page of a load leaves the focus alone: on the prerendered join page, someone may
// already be typing in the form when the script arrives.
let firstPage = true;

/**
 * A page with its one h1. On navigation, focus moves to the heading so that keyboard and
 * screen-reader users start reading the new page, not the old link.
 */
export function Page({
  title,
  intro,
  children,
  hiddenTitle,
}: {
  title: string;
  intro?: ReactNode;
  children?: ReactNode;
  /** For screen readers only, when the page shows its title elsewhere (the phone's header). */
  hiddenTitle?: boolean;
}) {
  usePageTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    if (document.activeElement && document.activeElement !== document.body)
      heading.current?.focus();
  }, [title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1} className={hiddenTitle ? 'visually-hidden' : undefined}>
        {title}
      </h1>
      {intro && <p className="intro">{intro}</p>}
      {children}
    </>
  );
}
