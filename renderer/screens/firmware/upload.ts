/**
 * Uploads a firmware file to the admin API's raw-body route with progress: XMLHttpRequest, since
 * fetch cannot report upload progress. The File is streamed by the browser, never read into memory.
 */
import { ApiError } from '../../../shared/api/client';
import { contract } from '../../../shared/api/contract';
import { apiErrorBodySchema } from '../../../shared/errors';
import { firmwareEntrySchema, type FirmwareEntry } from '../../../shared/firmware/library';
import { currentConnection } from '../../api/api';

export interface UploadFacts {
  vendor?: string;
  models: string[];
  version: string;
}

export function uploadFirmware(file: File, facts: UploadFacts, onProgress: (fraction: number) => void): Promise<FirmwareEntry> {
  const c = currentConnection();
  const query = new URLSearchParams();
  if (facts.vendor) query.set('vendor', facts.vendor);
  if (facts.models.length > 0) query.set('model', facts.models.join(','));
  if (facts.version) query.set('version', facts.version);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${c.baseUrl}${contract.uploadFirmware.path}?${query.toString()}`);
    xhr.setRequestHeader('Authorization', `Bearer ${c.token}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    // Header values are Latin-1: a name outside it travels percent-encoded (the server decodes it).
    xhr.setRequestHeader('X-File-Name', /^[\x20-\x7e]*$/.test(file.name) ? file.name : encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () =>
      reject(
        new ApiError(0, {
          code: 'unavailable',
          message: 'The upload stopped: the app did not answer',
          hint: 'Check that the app is still running and try again.',
        }),
      );
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        const parsed = firmwareEntrySchema.safeParse(data);
        if (parsed.success) resolve(parsed.data);
        else reject(new ApiError(500, { code: 'internal', message: "The server's answer to the upload was not understood" }));
        return;
      }
      const error = apiErrorBodySchema.safeParse(data);
      reject(
        new ApiError(xhr.status, error.success ? error.data.error : { code: 'internal', message: `The server answered ${xhr.status}` }),
      );
    };
    xhr.send(file);
  });
}
