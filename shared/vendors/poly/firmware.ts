/**
 * Poly's firmware is named in the master file: `<APPLICATION APP_FILE_PATH="…">` (wazo-provd-plugins
 * plugins/wazo_polycom/v5_9_2/var/tftpboot/000000000000.cfg, `sip.ld`; FusionPBX polycom/650). A
 * URL is accepted there; the phone loads the image when it differs from the one it runs.
 */
import type { ProvisioningInput } from '../../config/provisioningInput';

export function polyAppFilePath(input: ProvisioningInput): string {
  return input.firmware?.url ?? input.firmwareUrl ?? 'sip.ld';
}
