/**
 * Grandstream's firmware items, in the named-item form of its own templates (FusionPBX
 * resources/templates/provision/grandstream/gxp2135/{$mac}.xml, "Firmware Upgrade and
 * Provisioning"): `provisioning.firmware.protocol` (HTTP or HTTPS), `provisioning.firmware.serverPath`
 * (a folder without the scheme: the phone adds its own image name, `gxp2135fw.bin`),
 * `provisioning.firmware.filePrefix` / `filePostfix` (empty) and `provisioning.firmware.checkCondition`
 * (AlwaysCheck). The P-values they stand for (P212 protocol, P192 path, P232/P233 prefix/postfix,
 * P238 check) are in that template's comments and docs/PROTOCOL.md.
 */
import type { ProvisioningInput } from '../../config/provisioningInput';

function splitScheme(url: string): { https: boolean; rest: string } {
  const m = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(url);
  return m ? { https: (m[1] as string).toLowerCase() === 'https', rest: m[2] as string } : { https: false, rest: url };
}

export function grandstreamFirmwareItems(input: ProvisioningInput): [string, string][] {
  // The library's target for this model wins; else a site-wide firmware folder from the settings.
  const folder = input.firmware?.folderUrl ?? input.firmwareUrl;
  if (!folder) return [];
  const { https, rest } = splitScheme(folder);
  const items: [string, string][] = [
    ['provisioning.firmware.protocol', https ? 'HTTPS' : 'HTTP'],
    ['provisioning.firmware.serverPath', rest],
  ];
  if (input.firmware) {
    items.push(
      ['provisioning.firmware.filePrefix', ''],
      ['provisioning.firmware.filePostfix', ''],
      ['provisioning.firmware.checkCondition', 'AlwaysCheck'],
    );
  }
  return items;
}
