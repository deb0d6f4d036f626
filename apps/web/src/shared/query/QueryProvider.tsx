import { QueryClientProvider, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAuth } from '@web/modules/auth/AuthProvider';
import { createQueryClient } from './query-client';

/**
 * The one QueryClient of the staff and public screens (StaffApp; a page's spec wraps the page
 * in its own). The phone's participant path does not use it: TanStack Query does not fit its
 * JavaScript budget (docs/phone.md).
 */
export function QueryProvider({
  children,
  client: given,
}: {
  children: ReactNode;
  /** A test's own client; by default one is made for the life of the provider. */
  client?: QueryClient;
}) {
  const [client] = useState(() => given ?? createQueryClient());
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

/**
 * When the signed-in account changes (login, logout, another account), every query goes back
 * to nothing read, so that nothing one account read is shown to the next: the page on screen
 * asks again, the others are forgotten. Renders nothing.
 */
export function ResetQueriesOnAccountChange() {
  const client = useQueryClient();
  const { status, session } = useAuth();
  // undefined while the session check runs; then the account id, or null when signed out.
  const account = status === 'checking' ? undefined : (session?.user.id ?? null);
  const seen = useRef(account);
  useEffect(() => {
    if (account === undefined) return;
    const before = seen.current;
    seen.current = account;
    // The first answer of the session check changes nothing that was read.
    if (before === undefined || before === account) return;
    void client.resetQueries();
  }, [account, client]);
  return null;
}
