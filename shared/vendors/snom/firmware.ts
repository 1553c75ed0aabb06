/**
 * Snom's firmware keys: `firmware_status`, the URL of a small document naming the image
 * (`<firmware-settings><firmware>URL</firmware></firmware-settings>`, served beside the file), and
 * `update_policy` `auto_update` (wazo-provd-plugins plugins/wazo_snom/common/templates/common/
 * snom-model.xml.tpl.btpl and snom-model-firmware.xml.tpl.btpl, var/tftpboot/snom-general.xml;
 * FusionPBX snom/320/{$mac}.xml sets the same two).
 */
import type { ProvisioningInput } from '../../config/provisioningInput';
import { el, type XmlNode } from '../../xml/xml';

export function snomFirmwareSettings(input: ProvisioningInput): XmlNode[] {
  if (!input.firmware) return input.firmwareUrl ? [el('firmware_status', { perm: 'R' }, [input.firmwareUrl])] : [];
  return [el('update_policy', { perm: 'R' }, ['auto_update']), el('firmware_status', { perm: 'R' }, [input.firmware.statusUrl])];
}
