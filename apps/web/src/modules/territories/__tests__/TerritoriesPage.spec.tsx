import type { TerritoryTreeNode } from '@permanente/contracts';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nProvider } from '@web/i18n/i18n';
import { QueryProvider } from '@web/shared/query/QueryProvider';
import { TerritoriesPage } from '../components/TerritoriesPage';

const node = (
  id: string,
  name: string,
  level: TerritoryTreeNode['level'],
  population: number | null,
  children: TerritoryTreeNode[] = [],
): TerritoryTreeNode => ({
  id,
  code: id,
  inseeCode: null,
  name,
  level,
  population,
  parentId: null,
  children,
});

const tree = [
  node('r', 'Centre-Val de Loire', 'region', 2587031, [
    node('d', 'Cher', 'departement', 298660, [node('b', 'Vierzon', 'bassin_de_vie', null)]),
  ]),
];

function respond(status: number, body: unknown) {
  global.fetch = jest
    .fn()
    .mockResolvedValue({ ok: status < 400, status, json: async () => body }) as jest.Mock;
}

describe('TerritoriesPage', () => {
  afterEach(() => jest.restoreAllMocks());

  it('shows the tree with levels and French-formatted populations', async () => {
    respond(200, tree);
    render(
      <I18nProvider initialLocale="fr">
        <QueryProvider>
          <TerritoriesPage />
        </QueryProvider>
      </I18nProvider>,
    );
    expect(screen.getByRole('status')).toHaveTextContent('Chargement');
    expect(await screen.findByRole('link', { name: 'Vierzon' })).toHaveAttribute(
      'href',
      '/territories/b',
    );
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Les territoires');
    expect(screen.getByText(/Région · 2\s587\s031 habitants/)).toBeInTheDocument();
    expect(screen.getByText(/Bassin de vie · population non renseignée/)).toBeInTheDocument();
    expect(global.fetch).toHaveBeenCalledWith('/api/territories', expect.anything());
  });

  it('says when the network fails and offers to try again', async () => {
    global.fetch = jest.fn().mockRejectedValue(new TypeError('Failed to fetch')) as jest.Mock;
    render(
      <I18nProvider initialLocale="en">
        <QueryProvider>
          <TerritoriesPage />
        </QueryProvider>
      </I18nProvider>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('the network does not answer');
    respond(200, tree);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('link', { name: 'Cher' })).toBeInTheDocument();
  });
});
