import type {
  CreateTourStopRequest,
  HeardResponse,
  InitiativePage,
  InitiativeSearchQuery,
  TourCoverageResponse,
  TourPlanningResponse,
  TourResponse,
  TourStopDetailResponse,
  TourStopPlanningResponse,
  TourSummary,
  UpdateTourStopRequest,
} from '@permanente/contracts';
import { deleteJson, getJson, patchJson, postJson, requestJson } from '@web/shared/api/http';

type Headers = Record<string, string>;
const tour = (id: string) => `/api/tours/${encodeURIComponent(id)}`;
const stop = (id: string) => `/api/tour-stops/${encodeURIComponent(id)}`;

/** The tour's REST calls; every write carries the CSRF header. */
export const tourApi = {
  list: (signal?: AbortSignal) => getJson<TourSummary[]>('/api/tours', signal),
  get: (id: string, signal?: AbortSignal) => getJson<TourResponse>(tour(id), signal),
  coverage: (id: string, signal?: AbortSignal) =>
    getJson<TourCoverageResponse>(`${tour(id)}/coverage`, signal),
  heard: (id: string, signal?: AbortSignal) => getJson<HeardResponse>(`${tour(id)}/heard`, signal),
  planning: (id: string, signal?: AbortSignal) =>
    getJson<TourPlanningResponse>(`${tour(id)}/planning`, signal),
  stop: (id: string, signal?: AbortSignal) => getJson<TourStopDetailResponse>(stop(id), signal),
  createStop: (tourId: string, request: CreateTourStopRequest, headers: Headers) =>
    postJson<TourStopPlanningResponse>(`${tour(tourId)}/stops`, request, headers),
  updateStop: (id: string, request: UpdateTourStopRequest, headers: Headers) =>
    patchJson<TourStopPlanningResponse>(stop(id), request, headers),
  deleteStop: (id: string, headers: Headers) => deleteJson<void>(stop(id), headers),
  reorder: (tourId: string, stopIds: string[], headers: Headers) =>
    requestJson<TourPlanningResponse>('PUT', `${tour(tourId)}/stop-order`, {
      body: { stopIds },
      headers,
    }),
  initiatives: (query: InitiativeSearchQuery, signal?: AbortSignal) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      if (value !== undefined && value !== '') params.set(key, String(value));
    return getJson<InitiativePage>(`/api/initiatives?${params.toString()}`, signal);
  },
};

/** The tour shown to the public: the newest campaign's (the list comes newest first). */
export async function currentTour(signal?: AbortSignal): Promise<TourResponse | null> {
  const tours = await tourApi.list(signal);
  return tours.length > 0 ? tourApi.get(tours[0].id, signal) : null;
}
