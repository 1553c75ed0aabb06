/**
 * Grandstream's firmware keys (FusionPBX resources/templates/provision/grandstream/gxp21xx/{$mac}.xml):
 * P192 firmware server path, without the scheme (a folder: the phone adds its own image name,
 * `gxp2140fw.bin`), P232/P233 firmware file prefix and postfix (empty), P238 0 "always check for
 * new firmware". P212 (upgrade via HTTP or HTTPS) is the provisioning one the file already sets.
 */
import type { ProvisioningInput } from '../../config/provisioningInput';

export function grandstreamFirmwareP(input: ProvisioningInput): [number, string | number][] {
  const noScheme = (url: string) => url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  // A site-wide firmware URL (settings) names the server path alone, as before the library.
  if (!input.firmware) return input.firmwareUrl ? [[192, noScheme(input.firmwareUrl)]] : [];
  return [
    [192, noScheme(input.firmware.folderUrl)],
    [232, ''],
    [233, ''],
    [238, 0],
  ];
}
