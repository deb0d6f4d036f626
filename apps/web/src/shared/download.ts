/** Saves JSON as a file on the device, without another round trip to the server. */
export function downloadJson(fileName: string, data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Old browsers read the blob after the click returns: release it a little later.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
