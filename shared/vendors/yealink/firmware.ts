/**
 * Yealink's firmware key: `static.firmware.url`, the image's full URL (wazo-provd-plugins
 * plugins/wazo_yealink/v86/templates/base.tpl; FusionPBX yealink/t46u/y000000000108.cfg). The
 * phone fetches it, compares it with what it runs, and upgrades when it differs.
 */
import type { CfgLine } from '../../config/cfgSyntax';
import type { ProvisioningInput } from '../../config/provisioningInput';
import { cfgValue } from '../common/cfgValue';

export function yealinkFirmwareLines(input: ProvisioningInput): CfgLine[] {
  const url = input.firmware?.url ?? input.firmwareUrl;
  return url ? [{ kind: 'pair', key: 'static.firmware.url', value: cfgValue(url) }] : [];
}
