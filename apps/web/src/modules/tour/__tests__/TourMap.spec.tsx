import type { CoverageDepartement, TourStopResponse } from '@permanente/contracts';
import { render, screen } from '@testing-library/react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { I18nProvider } from '@web/i18n/i18n';
import { TourMap } from '../components/TourMap';
import { ApiError } from '@web/shared/api/http';
import { tourErrorReason } from '../tour-format';

const stop = (
  rank: number,
  code: string,
  name: string,
  day: string,
  coordinates: [number, number] | null,
): TourStopResponse => ({
  id: `stop-${rank}`,
  tourId: 'tour',
  rank,
  day,
  startsAt: '09:30',
  endsAt: '21:30',
  territoryId: code,
  territoryCode: code,
  territoryName: name,
  departementCode: code.slice(3, 5),
  departementName: null,
  place: {
    name: '',
    address: '',
    latitude: coordinates?.[0] ?? null,
    longitude: coordinates?.[1] ?? null,
  },
  moments: [],
  workshop: null,
  report: '',
  timing: rank === 1 ? 'past' : 'upcoming',
  initiativeCount: 0,
});

describe('TourMap', () => {
  it('draws the six départements and one named link per stop, from its coordinates or its bassin', () => {
    const { hook } = memoryLocation({ path: '/tour' });
    const { container } = render(
      <I18nProvider>
        <Router hook={hook}>
          <TourMap
            stops={[
              stop(1, 'bv-45-orleans', 'Orléans', '2026-02-11', [47.9, 1.91]),
              stop(2, 'bv-45-gien', 'Gien', '2026-02-25', null),
            ]}
            nextStopId="stop-2"
            coverage={[{ code: '37', standsOut: true } as CoverageDepartement]}
          />
        </Router>
      </I18nProvider>,
    );
    const shapes = container.querySelectorAll('path[data-departement]');
    expect([...shapes].map((shape) => shape.getAttribute('data-departement'))).toEqual([
      '18',
      '28',
      '36',
      '37',
      '41',
      '45',
    ]);
    expect(container.querySelector('path[data-departement="37"]')).toHaveClass('dep-stands-out');
    const first = screen.getByRole('link', { name: 'Étape 1 : Orléans, 11 février 2026' });
    expect(first).toHaveAttribute('href', '/tour/stops/stop-1');
    const second = screen.getByRole('link', { name: 'Étape 2 : Gien, 25 février 2026' });
    expect(second).toHaveClass('stop-next');
    // Gien has no coordinates: it is placed at its bassin's town, east of Orléans.
    const cx = (link: HTMLElement) => Number(link.querySelector('circle')!.getAttribute('cx'));
    expect(cx(second)).toBeGreaterThan(cx(first));
    expect(screen.getByText(/Victor Cazanave/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'CC BY 4.0' })).toBeInTheDocument();
  });

  it('says why a write was refused in the reader’s language', () => {
    const t = ((key: string) => key) as Parameters<typeof tourErrorReason>[1];
    const refused = new ApiError(400, {
      statusCode: 400,
      error: 'bad_request',
      message: 'Overlaps the stop in Gien',
      fields: [{ field: 'body.day', reason: 'Overlaps', code: 'overlap' }],
    });
    expect(tourErrorReason(refused, t)).toBe('tour.error.overlap');
    expect(tourErrorReason(new ApiError(409, null), t)).toBe('tour.error.conflict');
    expect(tourErrorReason(new ApiError(403, null), t)).toBe('tour.error.forbidden');
  });
});
