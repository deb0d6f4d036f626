import type { ProposalPage } from '@permanente/contracts';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '@web/i18n/i18n';
import { Pager } from '../components/ProposalFilters';

function page(patch: Partial<ProposalPage>): ProposalPage {
  return {
    items: [],
    total: 10_000,
    totalIsLowerBound: true,
    limit: 20,
    offset: 20,
    nextCursor: 'c3',
    ...patch,
  };
}

describe('Pager', () => {
  it('says "plus de 10 000" when the API stopped counting, and follows the cursor', async () => {
    const paging = { hasPrevious: true, next: jest.fn(), previous: jest.fn() };
    const items = Array.from({ length: 20 }, () => ({}) as ProposalPage['items'][number]);
    render(
      <I18nProvider initialLocale="fr">
        <Pager page={page({ items })} paging={paging} />
      </I18nProvider>,
    );
    expect(await screen.findByText(/^21 à 40 sur plus de 10\s000$/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Suivantes' }));
    expect(paging.next).toHaveBeenCalledWith('c3');
    fireEvent.click(screen.getByRole('button', { name: 'Précédentes' }));
    expect(paging.previous).toHaveBeenCalled();
  });

  it('counts exactly below the cap; no next page without a cursor', async () => {
    const items = Array.from({ length: 17 }, () => ({}) as ProposalPage['items'][number]);
    render(
      <I18nProvider initialLocale="en">
        <Pager
          page={page({ items, total: 37, totalIsLowerBound: false, nextCursor: null })}
          paging={{ hasPrevious: true, next: jest.fn(), previous: jest.fn() }}
        />
      </I18nProvider>,
    );
    expect(await screen.findByText('21 to 37 of 37')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
