import { InvalidFieldsException } from '../common/invalid-fields.exception';
import { checkStopShape, planReorder, type StopPlan } from './tour-stop-rules.service';
import type { StopTimesRow, TourRow } from './tour.repository';

const tour: TourRow = {
  id: 'tour',
  campaign_id: 'campaign',
  campaign_slug: 'printemps',
  campaign_starts_on: '2026-04-01',
  campaign_ends_on: '2026-06-30',
  title: 'Tour',
  description: '',
  stop_count: 0,
  first_day: null,
  last_day: null,
};

const stop = (changes: Partial<StopPlan> = {}): StopPlan => ({
  day: '2026-05-12',
  startsAt: '09:00',
  endsAt: '17:00',
  latitude: null,
  longitude: null,
  moments: [],
  ...changes,
});

/** The fields and codes of the 400 the rule throws. */
function refusal(rule: () => unknown): Array<{ field: string; code: string }> {
  try {
    rule();
  } catch (error) {
    if (error instanceof InvalidFieldsException)
      return error.getFields().map(({ field, code }) => ({ field, code }));
    throw error;
  }
  throw new Error('the rule accepted it');
}

describe('checkStopShape', () => {
  it('accepts a stop inside the campaign with ordered hours, both coordinates and its programme', () => {
    expect(() =>
      checkStopShape(
        tour,
        stop({
          latitude: 47.08,
          longitude: 2.39,
          moments: [{ kind: 'open', startsAt: '10:00', endsAt: '12:00', title: 'Fabrik' }],
        }),
      ),
    ).not.toThrow();
  });

  it('refuses a day outside the campaign, on either side', () => {
    expect(refusal(() => checkStopShape(tour, stop({ day: '2026-03-31' })))).toEqual([
      { field: 'body.day', code: 'outsideCampaign' },
    ]);
    expect(refusal(() => checkStopShape(tour, stop({ day: '2026-07-01' })))).toEqual([
      { field: 'body.day', code: 'outsideCampaign' },
    ]);
  });

  it('refuses hours out of order and one coordinate without the other', () => {
    expect(
      refusal(() => checkStopShape(tour, stop({ startsAt: '17:00', endsAt: '09:00' }))),
    ).toEqual([{ field: 'body.endsAt', code: 'timeOrder' }]);
    expect(refusal(() => checkStopShape(tour, stop({ latitude: 47 })))).toEqual([
      { field: 'body.longitude', code: 'coordinatesPair' },
    ]);
    expect(refusal(() => checkStopShape(tour, stop({ longitude: 2 })))).toEqual([
      { field: 'body.latitude', code: 'coordinatesPair' },
    ]);
  });

  it('names every moment out of order or outside the stop hours, by index', () => {
    const moments: StopPlan['moments'] = [
      { kind: 'open', startsAt: '10:00', endsAt: '12:00', title: 'ok' },
      { kind: 'open', startsAt: '14:00', endsAt: '13:00', title: 'backwards' },
      { kind: 'open', startsAt: '08:00', endsAt: '10:00', title: 'too early' },
    ];
    expect(refusal(() => checkStopShape(tour, stop({ moments })))).toEqual([
      { field: 'body.moments.1.endsAt', code: 'timeOrder' },
      { field: 'body.moments.2.startsAt', code: 'outsideStop' },
    ]);
  });
});

describe('planReorder', () => {
  const stops: StopTimesRow[] = [
    { id: 'a', day: '2026-05-01', starts_at: '09:00:00', ends_at: '12:00:00' },
    { id: 'b', day: '2026-05-02', starts_at: '14:00:00', ends_at: '17:00:00' },
    { id: 'c', day: '2026-05-03', starts_at: '09:00:00', ends_at: '17:00:00' },
  ];

  it('hands the days out in date order to the stops in the order given, times kept', () => {
    expect(planReorder(stops, ['c', 'a', 'b'])).toEqual([
      { id: 'c', day: '2026-05-01', starts_at: '09:00:00', ends_at: '17:00:00' },
      { id: 'a', day: '2026-05-02', starts_at: '09:00:00', ends_at: '12:00:00' },
      { id: 'b', day: '2026-05-03', starts_at: '14:00:00', ends_at: '17:00:00' },
    ]);
  });

  it('refuses a list that misses, repeats or invents a stop', () => {
    for (const ids of [
      ['a', 'b'],
      ['a', 'a', 'b'],
      ['a', 'b', 'x'],
    ])
      expect(refusal(() => planReorder(stops, ids))).toEqual([
        { field: 'body.stopIds', code: 'notAllStops' },
      ]);
  });

  it('refuses an order that makes two stops of one day overlap', () => {
    const sameDay: StopTimesRow[] = [
      { id: 'a', day: '2026-05-01', starts_at: '09:00:00', ends_at: '12:00:00' },
      { id: 'b', day: '2026-05-01', starts_at: '13:00:00', ends_at: '17:00:00' },
      { id: 'c', day: '2026-05-02', starts_at: '10:00:00', ends_at: '11:00:00' },
    ];
    expect(refusal(() => planReorder(sameDay, ['c', 'a', 'b']))).toEqual([
      { field: 'body.stopIds', code: 'overlap' },
    ]);
  });
});
