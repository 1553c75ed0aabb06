/**
 * Where phones fetch a firmware file on the device listener: `/fw/<key>/<name>`. The key is the
 * first 32 hex digits of the file's SHA-256 (128 bits: not guessable, and no listing exists), so
 * the URL needs no phone secret and tells nothing about the rest of the library.
 */
export const FIRMWARE_PATH_PREFIX = '/fw/';
export const FIRMWARE_KEY_LENGTH = 32;

/** The name part of the URL: the file's own name with anything but letters, digits, `._-` as `_`. */
export function firmwareUrlName(fileName: string): string {
  return fileName.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function firmwareKey(sha256: string): string {
  return sha256.slice(0, FIRMWARE_KEY_LENGTH);
}

/** The folder URL (Grandstream's firmware server path points at a folder; the phone adds its own name). */
export function firmwareFolderUrl(deviceBaseUrl: string, sha256: string): string {
  return `${deviceBaseUrl.replace(/\/$/, '')}${FIRMWARE_PATH_PREFIX}${firmwareKey(sha256)}`;
}

export function firmwareFileUrl(deviceBaseUrl: string, entry: { sha256: string; fileName: string }): string {
  return `${firmwareFolderUrl(deviceBaseUrl, entry.sha256)}/${firmwareUrlName(entry.fileName)}`;
}

/** Snom's firmware_status document, beside the file. */
export const SNOM_STATUS_NAME = 'firmware-status.xml';
