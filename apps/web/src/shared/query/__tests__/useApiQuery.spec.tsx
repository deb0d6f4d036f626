import { render, screen, waitFor } from '@testing-library/react';
import { ApiError } from '@web/shared/api/http';
import { apiRead } from '../query-client';
import { QueryProvider } from '../QueryProvider';
import { useApiQuery } from '../useApiQuery';

describe('the web data layer', () => {
  it('reads fail with an ApiError: a network or programming error becomes status 0', async () => {
    const signal = new AbortController().signal;
    const refusal = new ApiError(403, {
      statusCode: 403,
      error: 'Forbidden',
      message: 'Forbidden',
    });
    await expect(apiRead(() => Promise.reject(refusal))({ signal })).rejects.toBe(refusal);
    const broken = apiRead(() => Promise.reject(new TypeError('x is undefined')))({ signal });
    await expect(broken).rejects.toMatchObject({ name: 'ApiError', status: 0 });
  });

  it('passes an abort on as it is, for TanStack Query to drop the cancelled read', async () => {
    const controller = new AbortController();
    const aborted = new DOMException('aborted', 'AbortError');
    controller.abort();
    await expect(
      apiRead(() => Promise.reject(aborted))({ signal: controller.signal }),
    ).rejects.toBe(aborted);
  });

  it('hands the query its abort signal, aborted when nothing shows the query any more', async () => {
    let seen: AbortSignal | null = null;
    function Reader() {
      const query = useApiQuery(['test', 'never'], (signal) => {
        seen = signal;
        return new Promise<string>(() => undefined);
      });
      return <p>{query.isPending ? 'pending' : 'settled'}</p>;
    }
    const { unmount } = render(
      <QueryProvider>
        <Reader />
      </QueryProvider>,
    );
    expect(screen.getByText('pending')).toBeInTheDocument();
    await waitFor(() => expect(seen).not.toBeNull());
    expect(seen!.aborted).toBe(false);
    unmount();
    await waitFor(() => expect(seen!.aborted).toBe(true));
  });
});
