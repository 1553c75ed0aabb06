/**
 * The virtual phone's firmware upgrade, as a phone plays it: read the firmware key from the files
 * it was given (each vendor's own key), and when the image is newer than what it runs, download
 * it (streamed, hashed; the size and SHA-256 must match the library's record), "reboot" with the
 * new version in its User-Agent and provision again.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { parseCfg } from '../../shared/config/cfgSyntax';
import type { FirmwareEntry } from '../../shared/firmware/library';
import { FIRMWARE_PATH_PREFIX, FIRMWARE_KEY_LENGTH, firmwareKey } from '../../shared/firmware/url';
import { compareVersions } from '../../shared/firmware/version';
import type { VendorId } from '../../shared/vendors/common/plugin';
import { parseXml, textOf, walk, type XmlElement } from '../../shared/xml/xml';

function firstText(root: XmlElement, name: string): string | undefined {
  const found = walk(root).find((e) => e.name === name);
  return found ? textOf(found).trim() : undefined;
}

/** The firmware URL the vendor's files point at, as the phone reads it; Snom's needs its status document. */
export async function firmwareUrlIn(
  vendor: VendorId,
  files: ReadonlyMap<string, string>,
  model: string,
  fetchText: (url: string) => Promise<string>,
): Promise<string | undefined> {
  for (const [name, text] of files) {
    try {
      switch (vendor) {
        case 'yealink': {
          if (!name.endsWith('.cfg')) break;
          const url = parseCfg(text).values.get('static.firmware.url');
          if (url) return url;
          break;
        }
        case 'poly': {
          if (name !== '000000000000.cfg') break;
          const path = parseXml(text).attrs['APP_FILE_PATH'];
          if (path?.includes(FIRMWARE_PATH_PREFIX)) return path;
          break;
        }
        case 'grandstream': {
          // Named items (provisioning.firmware.serverPath stands for P192): a folder the phone adds its image name to.
          const item = walk(parseXml(text)).find((e) => e.name === 'item' && e.attrs['name'] === 'provisioning.firmware.serverPath');
          const folder = item ? textOf(item) : '';
          if (folder) return `http://${folder}/${model.toLowerCase()}fw.bin`;
          break;
        }
        case 'snom': {
          const status = firstText(parseXml(text), 'firmware_status');
          if (status) return firstText(parseXml(await fetchText(status)), 'firmware');
          break;
        }
        case 'fanvil': {
          const url = firstText(parseXml(text), 'Auto_Image_URL');
          if (url) return url;
          break;
        }
      }
    } catch {
      // A file that does not parse names no firmware; the provisioning check reports it.
    }
  }
  return undefined;
}

/** The library's record of the file a /fw/<key>/ URL names. */
export function entryOfUrl(url: string, library: readonly FirmwareEntry[]): FirmwareEntry | undefined {
  const m = new RegExp(`${FIRMWARE_PATH_PREFIX}([0-9a-f]{${FIRMWARE_KEY_LENGTH}})/`).exec(url);
  return m ? library.find((e) => firmwareKey(e.sha256) === m[1]) : undefined;
}

export function isNewer(candidate: string, running: string): boolean {
  return running === '' || compareVersions(running, candidate) < 0;
}

/** Streams the image, counting and hashing; never holds it in memory. */
export function download(url: string, userAgent: string, timeoutMs = 120_000): Promise<{ size: number; sha256: string; status: number }> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    const req = get(url, { headers: { 'User-Agent': userAgent }, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      const hash = createHash('sha256');
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      res.on('end', () => resolve({ size, sha256: hash.digest('hex'), status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('download timed out')));
    req.on('error', reject);
  });
}

export interface UpgradeOutcome {
  from: string;
  to: string;
  bytes: number;
}

/**
 * Checks the downloaded image against the library's record; the reason when it does not match.
 * A phone rejects an image that is not what its server said (truncated, or another file).
 */
export function checkImage(got: { size: number; sha256: string; status: number }, entry: FirmwareEntry): string | undefined {
  if (got.status !== 200) return `firmware download: HTTP ${got.status}`;
  if (got.size !== entry.size) return `firmware download: ${got.size} bytes, the library says ${entry.size}`;
  if (got.sha256 !== entry.sha256) return 'firmware download: the SHA-256 does not match the library';
  return undefined;
}
