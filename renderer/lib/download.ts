/** Saves text as a file through the browser's (or Electron's) download. */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // The byte-order mark lets spreadsheets open UTF-8 CSV with accents intact.
  downloadFile(filename, '\ufeff' + text, type);
}

/** Saves text exactly as given (no byte-order mark): PEM files and other formats tools parse. */
export function downloadFile(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function stamp(): string {
  return new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
}
