/**
 * Fanvil's upgrade keys: `<AUTOUPDATE_CONFIG_MODULE>` with `Download_Mode` 1, `Auto_Image_URL` the
 * image's URL and `Save_Provision_Info` 1 (wazo-provd-plugins plugins/wazo_fanvil/common/templates/
 * base-new.tpl; FusionPBX fanvil/x2p/{$mac}.cfg has the same module).
 */
import type { ProvisioningInput } from '../../config/provisioningInput';
import { el, type XmlNode } from '../../xml/xml';

export function fanvilFirmwareModule(input: ProvisioningInput): XmlNode[] {
  const url = input.firmware?.url ?? input.firmwareUrl;
  if (!url) return [];
  const t = (name: string, value: string | number) => el(name, {}, [String(value)]);
  const keys = [t('Download_Mode', 1), t('Auto_Image_URL', url)];
  if (input.firmware) keys.push(t('Save_Provision_Info', 1));
  return [el('AUTOUPDATE_CONFIG_MODULE', {}, keys)];
}
