import type {
  ExtendFieldKitResponse,
  FieldInstanceStatus,
  FieldKitView,
  FieldSyncReport,
  ImportedKitSummary,
  IssueFieldKitRequest,
  IssueFieldKitResponse,
} from '@permanente/contracts';
import { ApiError, getJson, postJson } from '@web/shared/api/http';

type Headers = Record<string, string>;

/** Bus mode's REST calls: kits on central, the kit this laptop runs, sync and files. */
export const fieldApi = {
  kits: (signal?: AbortSignal) => getJson<FieldKitView[]>('/api/field/kits', signal),
  issue: (request: IssueFieldKitRequest, headers: Headers) =>
    postJson<IssueFieldKitResponse>('/api/field/kits', request, headers),
  extend: (kitId: string, expiresInDays: number, headers: Headers) =>
    postJson<ExtendFieldKitResponse>(
      `/api/field/kits/${encodeURIComponent(kitId)}/extend`,
      { expiresInDays },
      headers,
    ),
  revoke: (kitId: string, headers: Headers) =>
    postJson<FieldKitView>(`/api/field/kits/${encodeURIComponent(kitId)}/revoke`, {}, headers),
  importExport: (file: string, headers: Headers) =>
    postJson<FieldSyncReport>('/api/field/import', { file }, headers),
  instance: (signal?: AbortSignal) => getJson<FieldInstanceStatus>('/api/field/instance', signal),
  importKit: (file: string, headers: Headers) =>
    postJson<ImportedKitSummary>('/api/field/instance/kit', { file }, headers),
  sync: (centralUrl: string | undefined, headers: Headers) =>
    postJson<FieldSyncReport>(
      '/api/field/instance/sync',
      centralUrl ? { centralUrl } : {},
      headers,
    ),
  /** The signed export file, as text (two lines: it is not JSON as a whole). */
  exportFile: async (): Promise<string> => {
    const response = await fetch('/api/field/instance/export', { credentials: 'same-origin' });
    if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
    return response.text();
  },
};

/** Saves text as a file on the device. */
export function downloadText(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
