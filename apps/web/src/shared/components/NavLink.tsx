import { Link, useRoute } from 'wouter';

/** A navigation link marked as the current page on its address and the addresses below it. */
export function NavLink({ href, children }: { href: string; children: string }) {
  const [exact] = useRoute(href);
  const [nested] = useRoute(`${href}/*`);
  const current = exact || (href !== '/' && nested);
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
